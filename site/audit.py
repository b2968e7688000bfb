"""The audit trail's one entrance: ``record`` writes a ``hostsite.AuditEntry`` (``record_all``
several at once, each made by ``entry``).

    from hostsite import audit

    audit.register_action("forms_app.export", _("导出报名"))     # once, at import time
    audit.record("forms_app.export", request=request, row_count=120, masked=True)

Each plugin registers the actions it records (a name and a Chinese label shown in the admin's
审计日志); ``record`` refuses a name nobody registered. It writes in the caller's transaction,
so an entry for a status decision is kept exactly when the decision is. Full citizen ID
numbers and mobiles never reach the trail: any in ``object_label`` or ``detail`` are masked.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.utils.translation import gettext_lazy as _
from hostsite.models import AuditEntry
from hostsite.net import client_address
from hostsite.redaction import redact

_ACTIONS: dict[str, str] = {}
#: The request being served, so that entries recorded from signals (logins, permission changes)
#: know who acted and from where; set by AuditRequestMiddleware.
_current_request: ContextVar = ContextVar("audit_request", default=None)

def register_action(name: str, label) -> None:
    """Declare an action that may be recorded, with the label the admin shows."""
    _ACTIONS[name] = label


def action_label(name: str) -> str:
    return str(_ACTIONS.get(name, name))


def action_choices() -> list[tuple[str, str]]:
    return sorted(((name, str(label)) for name, label in _ACTIONS.items()), key=lambda c: c[1])


def entry(
    action: str,
    *,
    request=None,
    actor=None,
    actor_label: str = "",
    target=None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    row_count: int | None = None,
    masked: bool | None = None,
    detail: str = "",
) -> AuditEntry:
    """The entry ``record`` appends, not yet saved (for ``record_all``). ``actor`` defaults to
    the request's user, the address to the request's client; ``target`` (a model instance)
    fills the object type, id and label."""
    if action not in _ACTIONS:
        raise ValueError(f"Unregistered audit action {action!r}: call audit.register_action first")
    request = request if request is not None else _current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or str(target)
    return AuditEntry(
        action=action,
        actor=actor,
        actor_label=redact(actor_label or (actor.get_username() if actor else ""))[:150],
        ip_address=_address(request),
        object_type=object_type[:60],
        object_id=str(object_id)[:64],
        object_label=redact(object_label)[:200],
        row_count=row_count,
        masked=masked,
        detail=redact(str(detail))[:500],
    )


def record(action: str, **fields) -> AuditEntry:
    """Append one entry (the keyword arguments are ``entry``'s)."""
    appended = entry(action, **fields)
    appended.save()
    return appended


def record_all(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Append several entries made by ``entry`` with one INSERT (e.g. one per certificate of
    a batch), in the caller's transaction."""
    return AuditEntry.objects.bulk_create(entries)


class AuditRequestMiddleware:
    """Makes the request known to entries recorded while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _address(request) -> str | None:
    return None if request is None else client_address(request)


# The host's own actions (staff accounts); plugins register theirs in their AppConfig.ready.
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKOUT = "lockout"
LOCKOUT_LIFTED = "lockout_lifted"
LOGOUT = "logout"
GROUP_MEMBERSHIP = "group_membership"
GROUP_PERMISSIONS = "group_permissions"
USER_PERMISSIONS = "user_permissions"
OTP_ENROLLED = "otp_enrolled"
OTP_FAILED = "otp_failed"
AUDIT_EXPORT = "audit_export"

for _name, _label in (
    (LOGIN, _("登录")),
    (LOGIN_FAILED, _("登录失败")),
    (LOCKOUT, _("账号锁定")),
    (LOCKOUT_LIFTED, _("解除锁定")),
    (LOGOUT, _("退出登录")),
    (GROUP_MEMBERSHIP, _("用户组成员变更")),
    (GROUP_PERMISSIONS, _("用户组权限变更")),
    (USER_PERMISSIONS, _("用户权限变更")),
    (OTP_ENROLLED, _("绑定两步验证")),
    (OTP_FAILED, _("两步验证码错误")),
    (AUDIT_EXPORT, _("导出审计日志")),
):
    register_action(_name, _label)
