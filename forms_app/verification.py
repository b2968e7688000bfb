"""Proof of a mobile number: a 6-digit code sent by SMS and typed back.

``send_code`` texts a fresh code to a mobile for a purpose ("apply" before submitting a
registration form, "status" before changing an application from the status page, …);
``verify_code`` accepts it once. Both raise ``VerificationRefused`` with a Chinese message on
any refusal. A code is valid for five minutes and five tries, is kept only as a keyed hash in the
cache (Redis in production, shared by every web process), and a newer code replaces the older.

Limits (settings of the same name override them, as ``(count, seconds)``):

- a resend wait per mobile and purpose (``VERIFICATION_RESEND_WAIT`` seconds);
- codes per mobile (``VERIFICATION_RATE_PER_MOBILE``, ``VERIFICATION_RATE_PER_MOBILE_DAY``):
  they protect the owner of the number from a flood of texts;
- codes per ID number from one address (``VERIFICATION_RATE_PER_ID``): keyed on the ID number
  and the address together, so a stranger elsewhere who types someone's ID number does not use
  up that person's allowance;
- codes per address (``VERIFICATION_RATE_PER_IP``): high enough for a school computer room or
  a carrier's NAT with 60 people behind one address.

Texts go through the SMS channel's backend (settings.SMS_BACKEND, see notifications.py); the
console backend logs them in development and tests.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from hostsite.cache import reachable

from forms_app import ratelimit
from forms_app.crypto import lookup_hash, mask_mobile

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

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status  # the HTTP status a page answering with ``message`` should use


def _setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def _key(purpose: str, mobile: str) -> str:
    return f"verification:{purpose}:{lookup_hash(mobile)[:40]}"


def _code_hash(purpose: str, mobile: str, nonce: str, code: str) -> str:
    return salted_hmac(
        "forms_app.verification", f"{purpose}:{mobile}:{nonce}:{code}", algorithm="sha256"
    ).hexdigest()


def resend_wait() -> int:
    """Seconds a person waits before asking for another code for the same mobile."""
    return _setting("VERIFICATION_RESEND_WAIT")


def _check_purpose(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown verification purpose {purpose!r}")


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


def _require_cache() -> None:
    """Codes and their limits live in the cache: while it is unreachable no code can be sent
    or checked (fail closed), and the applicant is told so rather than "already sent"."""
    if not reachable():
        raise VerificationRefused(_("短信验证暂时不可用，请稍后再试。"), status=503)


def send_code(*, mobile: str, purpose: str, ip: str, id_number: str = "") -> None:
    """Text a new code to ``mobile`` (a cleaned 11-digit number), or refuse."""
    _check_purpose(purpose)
    _require_cache()
    key = _key(purpose, mobile)
    wait = resend_wait()
    if wait and not cache.add(f"{key}:wait", 1, timeout=wait):
        raise VerificationRefused(
            _("验证码已发送，请在%(seconds)s秒内勿重复获取；如未收到，请稍后再试。")
            % {"seconds": wait},
            status=429,
        )
    try:
        _check_limits(mobile=mobile, ip=ip, id_number=id_number)
    except VerificationRefused:
        cache.delete(f"{key}:wait")  # nothing was sent
        raise

    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    nonce = secrets.token_hex(8)
    text = _("您的%(purpose)s验证码是%(code)s，%(minutes)s分钟内有效。请勿告诉他人。") % {
        "purpose": PURPOSES[purpose],
        "code": code,
        "minutes": CODE_TTL // 60,
    }
    from forms_app.notifications import sms_backend

    cache.set(key, {"nonce": nonce, "hash": _code_hash(purpose, mobile, nonce, code)}, CODE_TTL)
    try:
        sms_backend().send(mobile=mobile, text=text)
    except Exception:
        logger.exception("Verification code to %s could not be sent", mask_mobile(mobile))
        cache.delete_many([key, f"{key}:wait"])  # nothing arrived: asking again at once is fair
        raise VerificationRefused(_("短信发送失败，请稍后重试。"), status=503) from None


def normalise_code(code: str) -> str:
    """Full-width digits from a Chinese input method and stray spaces are forgiven."""
    return "".join(unicodedata.normalize("NFKC", code or "").split())


def verify_code(*, mobile: str, purpose: str, code: str) -> None:
    """Accept ``code`` for ``mobile`` once, or refuse. The code is void after it is accepted,
    after five wrong tries and after five minutes."""
    _check_purpose(purpose)
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or not code.isdigit():
        raise VerificationRefused(_("请填写短信中的6位数字验证码。"))
    key = _key(purpose, mobile)
    stored = cache.get(key)
    _require_cache()
    if stored is None:
        raise VerificationRefused(_("验证码已失效，请重新获取。"))
    tries_key = f"{key}:tries:{stored['nonce']}"
    cache.add(tries_key, 0, timeout=CODE_TTL)
    try:
        tries = cache.incr(tries_key)
    except ValueError:  # the code expired in between
        raise VerificationRefused(_("验证码已失效，请重新获取。")) from None
    if tries > MAX_TRIES:
        cache.delete(key)
        raise VerificationRefused(_("验证码错误次数过多，请重新获取。"))
    expected = _code_hash(purpose, mobile, stored["nonce"], code)
    if not hmac.compare_digest(expected, stored["hash"]):
        left = MAX_TRIES - tries
        if left <= 0:
            cache.delete(key)
            raise VerificationRefused(_("验证码错误次数过多，请重新获取。"))
        raise VerificationRefused(_("验证码不正确，还可以再试%(left)s次。") % {"left": left})
    # Single use: of two requests with the right code, only the one that removes it succeeds.
    # (A newer code sent meanwhile is not removed by mistake: it has another nonce.)
    if cache.get(key) != stored or not cache.delete(key):
        raise VerificationRefused(_("验证码已失效，请重新获取。"))
