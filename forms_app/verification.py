"""Proof of a mobile number: a 6-digit code sent by SMS and typed back.

``send_code`` texts a fresh code to a mobile for a purpose ("apply" before submitting a
registration form, "status" before changing an application from the status page, …);
``verify_code`` accepts it once. Both raise ``VerificationRefused`` with a Chinese message on
any refusal. A code is valid for five minutes and five tries, is kept only as a keyed hash in the
database (VerificationCode, with the mobile's lookup hash), and a newer code replaces the older.

Limits (settings of the same name override them, as ``(count, seconds)``):

- a resend wait per mobile and purpose (``VERIFICATION_RESEND_WAIT`` seconds);
- codes per mobile (``VERIFICATION_RATE_PER_MOBILE``, ``VERIFICATION_RATE_PER_MOBILE_DAY``):
  they protect the owner of the number from a flood of texts;
- codes per ID number from one address (``VERIFICATION_RATE_PER_ID``): keyed on the ID number
  and the address together, so a stranger elsewhere who types someone's ID number does not use
  up that person's allowance;
- codes per address (``VERIFICATION_RATE_PER_IP``): high enough for a school computer room or
  a carrier's NAT with 60 people behind one address.

The sending limits live in the shared cache and fail closed: while it cannot be reached
(hostsite.cache) no code is sent and the applicant is asked to try again later; a code sent
before is still accepted (codes are in the database). Texts go through the SMS channel's
backend (settings.SMS_BACKEND, see notifications.py); the console backend logs them in
development and tests.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from hostsite.cache import reachable

from forms_app import ratelimit
from forms_app.crypto import lookup_hash, mask_mobile
from forms_app.models import VerificationCode

logger = logging.getLogger(__name__)

CODE_LENGTH = 6
CODE_TTL = 300  # seconds a code stays valid
MAX_TRIES = 5  # wrong codes before the code is void

#: What a code proves, and the words the text message uses for it.
PURPOSES: dict[str, Promise] = {}


def register_purpose(name: str, label: Promise) -> None:
    """Let another part of the site ask for proof of a mobile (``label`` goes into the text)."""
    PURPOSES[name] = label


register_purpose("apply", _lazy("报名"))
register_purpose("status", _lazy("报名查询"))

DEFAULTS = {
    "VERIFICATION_RESEND_WAIT": 60,
    "VERIFICATION_RATE_PER_MOBILE": (5, 3600),
    "VERIFICATION_RATE_PER_MOBILE_DAY": (10, 86400),
    "VERIFICATION_RATE_PER_ID": (10, 3600),
    "VERIFICATION_RATE_PER_IP": (300, 3600),
}


class VerificationRefused(Exception):
    """No code sent, or the code typed was not accepted; ``message`` says why in Chinese."""

    def __init__(self, message: str, *, status: int = 400, already_used: bool = False):
        super().__init__(message)
        self.message = message
        self.status = status  # the HTTP status a page answering with ``message`` should use
        #: The code was right but accepted before (a double click, a second tab): the person
        #: holds the code, so they may be told what the first request did.
        self.already_used = already_used


def _setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def _code_hash(purpose: str, mobile: str, code: str) -> str:
    return salted_hmac(
        "forms_app.verification", f"{purpose}:{mobile}:{code}", algorithm="sha256"
    ).hexdigest()


def resend_wait() -> int:
    """Seconds a person waits before asking for another code for the same mobile."""
    return _setting("VERIFICATION_RESEND_WAIT")


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown verification purpose {purpose!r}")


def _latest(purpose: str, mobile: str, *, lock: bool = False) -> VerificationCode | None:
    codes = VerificationCode.objects.filter(purpose=purpose, mobile_hash=lookup_hash(mobile))
    if lock:
        codes = codes.select_for_update()
    return codes.order_by("-created_at", "-pk").first()


def _within(scope: str, key: str, setting: str) -> bool:
    limit, window = _setting(setting)
    return ratelimit.hit(scope, key, limit=limit, window=window)


def _check_limits(*, mobile: str, ip: str, id_number: str) -> None:
    # Every limit is counted, so a refused request still uses up the allowance it asked from.
    if not _within("sms-ip", ip, "VERIFICATION_RATE_PER_IP"):
        raise VerificationRefused(_("此网络获取验证码过于频繁，请稍后再试。"), status=429)
    if id_number and not _within("sms-id", f"{id_number}|{ip}", "VERIFICATION_RATE_PER_ID"):
        raise VerificationRefused(_("获取验证码过于频繁，请稍后再试。"), status=429)
    if not (
        _within("sms-mobile", mobile, "VERIFICATION_RATE_PER_MOBILE")
        and _within("sms-mobile-day", mobile, "VERIFICATION_RATE_PER_MOBILE_DAY")
    ):
        raise VerificationRefused(_("该手机号码获取验证码过于频繁，请稍后再试。"), status=429)


def send_code(*, mobile: str, purpose: str, ip: str, id_number: str = "") -> None:
    """Text a new code to ``mobile`` (a cleaned 11-digit number), or refuse."""
    _check_purpose(purpose)
    unavailable = _("短信验证暂时不可用，请稍后再试。")
    if not reachable():  # the limits cannot be counted: no text goes out (it costs money)
        raise VerificationRefused(unavailable, status=503)
    wait = resend_wait()
    latest = _latest(purpose, mobile)
    if wait and latest and latest.created_at > timezone.now() - timedelta(seconds=wait):
        raise VerificationRefused(
            _("验证码已发送，请在%(seconds)s秒内勿重复获取；如未收到，请稍后再试。")
            % {"seconds": wait},
            status=429,
        )
    try:
        _check_limits(mobile=mobile, ip=ip, id_number=id_number)
    except VerificationRefused:
        if not reachable():  # the cache went down just now: the limits failed closed
            raise VerificationRefused(unavailable, status=503) from None
        raise

    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    text = _("您的%(purpose)s验证码是%(code)s，%(minutes)s分钟内有效。请勿告诉他人。") % {
        "purpose": PURPOSES[purpose],
        "code": code,
        "minutes": CODE_TTL // 60,
    }
    from forms_app.notifications import sms_backend

    row = VerificationCode.objects.create(
        purpose=purpose,
        mobile_hash=lookup_hash(mobile),
        code_hash=_code_hash(purpose, mobile, code),
        expires_at=timezone.now() + timedelta(seconds=CODE_TTL),
    )
    try:
        sms_backend().send(mobile=mobile, text=text, template="verification", params={"code": code})
    except Exception:
        logger.exception("Verification code to %s could not be sent", mask_mobile(mobile))
        row.delete()  # nothing arrived: asking again at once is fair
        raise VerificationRefused(_("短信发送失败，请稍后重试。"), status=503) from None


def normalise_code(code: str) -> str:
    """Full-width digits from a Chinese input method and stray spaces are forgiven."""
    return "".join(unicodedata.normalize("NFKC", code or "").split())


def _checked(*, mobile: str, purpose: str, code: str) -> VerificationCode:
    """The newest code row of ``mobile`` if ``code`` is it (used or not), in a transaction of
    its own so that a wrong try is counted whatever the caller does next; raises otherwise."""
    _check_purpose(purpose)
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or not code.isdigit():
        raise VerificationRefused(_("请填写短信中的6位数字验证码。"))
    expired = VerificationRefused(_("验证码已失效，请重新获取。"))
    too_many = VerificationRefused(_("验证码错误次数过多，请重新获取。"))
    with transaction.atomic():
        row = _latest(purpose, mobile, lock=True)
        if row is None or row.expires_at <= timezone.now():
            raise expired
        right = hmac.compare_digest(_code_hash(purpose, mobile, code), row.code_hash)
        if right and row.used_at is None and row.tries >= MAX_TRIES:
            raise too_many
        if right:
            return row
        if row.used_at is not None:
            raise expired
        if row.tries >= MAX_TRIES:
            raise too_many
        row.tries += 1
        row.save(update_fields=["tries"])
    left = MAX_TRIES - row.tries
    if left <= 0:
        raise too_many
    raise VerificationRefused(_("验证码不正确，还可以再试%(left)s次。") % {"left": left})


def _used_up() -> VerificationRefused:
    return VerificationRefused(_("验证码已使用，请重新获取。"), already_used=True)


def use_code(code_id: int) -> bool:
    """Mark the code used, in the caller's transaction: True for the one request that does, False
    if another already had (a double click). The row stays locked until the caller's
    transaction ends, so a parallel request waits and then sees the outcome."""
    with transaction.atomic():
        return bool(
            VerificationCode.objects.filter(pk=code_id, used_at__isnull=True).update(
                used_at=timezone.now()
            )
        )


def verify_code(*, mobile: str, purpose: str, code: str) -> None:
    """Accept ``code`` for ``mobile`` once, or refuse. Only the newest code counts; it is void
    after it is accepted, after five wrong tries and after five minutes. A right code used
    before raises with ``already_used``. Call it outside other transactions (a wrong try must
    be counted even when the caller rolls back)."""
    row = _checked(mobile=mobile, purpose=purpose, code=code)
    if not use_code(row.pk):
        raise _used_up()


@dataclass(frozen=True)
class MobileProof:
    """A right code for ``mobile`` and ``purpose`` (``prove_mobile``), not yet used: the service
    that acts on it uses it (``use_code``) in the transaction of what it does."""

    mobile: str
    purpose: str
    code_id: int

    def use(self) -> None:
        """Use the code now (in the caller's transaction), or raise VerificationRefused with
        ``already_used`` (a double click: the first request used it)."""
        if not use_code(self.code_id):
            raise _used_up()


def prove_mobile(*, mobile: str, purpose: str, code: str) -> MobileProof:
    """Check ``code`` (a wrong one is counted and refused) without using it yet."""
    row = _checked(mobile=mobile, purpose=purpose, code=code)
    return MobileProof(mobile=mobile, purpose=purpose, code_id=row.pk)


def codes_prune(*, now, dry_run: bool) -> int:
    """Codes a day past their expiry (manage.py prune_personal_data)."""
    old = VerificationCode.objects.filter(expires_at__lt=now - timedelta(days=1))
    return old.count() if dry_run else old.delete()[0]
