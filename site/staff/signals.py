"""Sign-ins, failed sign-ins, lockouts and permission changes, written to the audit trail."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver
from hostsite import audit
from hostsite.staff.middleware import start_session_clock
from wagtail.models import GroupCollectionPermission, GroupPagePermission

logger = logging.getLogger(__name__)
User = get_user_model()


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        start_session_clock(request)
    audit.record(audit.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(audit.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    audit.record(audit.LOGIN_FAILED, request=request, actor_label=username)


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    logger.warning(
        "Sign-in locked out: username %s, address %s", audit.redact(username or ""), ip_address
    )
    audit.record(
        audit.LOCKOUT,
        request=request,
        actor_label=username or "",
        detail=f"IP {ip_address}",
    )


def _names(model, pk_set) -> str:
    if model is Group or model is User:
        objects = model._default_manager.filter(pk__in=pk_set or ())
        return "、".join(sorted(str(obj) for obj in objects))
    objects = model._default_manager.filter(pk__in=pk_set or ()).select_related("content_type")
    return "、".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in objects))


_VERBS = {"post_add": "+", "post_remove": "-", "pre_clear": "-"}


def _related_now(through, instance, model) -> set:
    fields = [field for field in through._meta.fields if field.is_relation]
    source = next(field for field in fields if isinstance(instance, field.related_model))
    target = next(field for field in fields if field.related_model is model)
    rows = through._default_manager.filter(**{source.name: instance})
    return set(rows.values_list(target.attname, flat=True))


def _m2m(action_name: str, sender, instance, action: str, model, pk_set) -> None:
    if action not in _VERBS:
        return
    if action == "pre_clear":  # name everything there was, before it goes
        pk_set = _related_now(sender, instance, model)
    if not pk_set:
        return
    audit.record(
        action_name,
        target=instance,
        detail=f"{_VERBS[action]} {_names(model, pk_set)}",
    )


@receiver(m2m_changed, sender=User.groups.through)
def membership_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    _m2m(audit.GROUP_MEMBERSHIP, sender, instance, action, model, pk_set)


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    _m2m(audit.GROUP_PERMISSIONS, sender, instance, action, model, pk_set)


@receiver(m2m_changed, sender=User.user_permissions.through)
def user_permissions_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    _m2m(audit.USER_PERMISSIONS, sender, instance, action, model, pk_set)


@receiver(post_save, sender=GroupPagePermission)
@receiver(post_delete, sender=GroupPagePermission)
@receiver(post_save, sender=GroupCollectionPermission)
@receiver(post_delete, sender=GroupCollectionPermission)
def wagtail_permission_changed(sender, instance, **kwargs) -> None:
    """Page and collection permissions of a group (设置 → 用户组, 页面/集合权限)."""
    sign = "-" if "created" not in kwargs else "+"
    place = getattr(instance, "page", None) or getattr(instance, "collection", None)
    audit.record(
        audit.GROUP_PERMISSIONS,
        target=instance.group,
        detail=f"{sign} {instance.permission.codename} @ {place}",
    )


@receiver(post_init, sender=User)
def remember_superuser(sender, instance, **kwargs) -> None:
    instance._audit_was_superuser = instance.__dict__.get("is_superuser")


@receiver(post_save, sender=User)
def superuser_changed(sender, instance, created, **kwargs) -> None:
    previous = getattr(instance, "_audit_was_superuser", None)
    if instance.is_superuser and (created or previous is False):
        audit.record(audit.USER_PERMISSIONS, target=instance, detail="+ superuser")
    elif previous and not instance.is_superuser:
        audit.record(audit.USER_PERMISSIONS, target=instance, detail="- superuser")
    instance._audit_was_superuser = instance.is_superuser
