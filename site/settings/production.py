from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    PERSONAL_DATA_HMAC_KEY,
    PERSONAL_DATA_KEYS,
    REDIS_URL,
    SECRET_KEY,
    SITE_PLUGINS,
    env_bool,
)

DEBUG = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

if "forms_app" in SITE_PLUGINS and (not PERSONAL_DATA_KEYS or len(PERSONAL_DATA_HMAC_KEY) < 32):
    raise ImproperlyConfigured(
        "Set PERSONAL_DATA_KEYS (Fernet keys, newest first) and PERSONAL_DATA_HMAC_KEY "
        "(at least 32 characters): applicants' ID numbers and phones are encrypted with them."
    )

if not REDIS_URL:
    raise ImproperlyConfigured(
        "Set REDIS_URL: the web processes (gunicorn.conf.py starts several) and the task worker "
        "share one cache, so rate limits count every request and a change one process sees "
        "(a page made private, a site or form field changed) reaches the others at once."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
if env_bool("DJANGO_BEHIND_TLS_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No page of the site is framed. Wagtail's preview views set SAMEORIGIN on their own responses
# (wagtail.utils.decorators.xframe_options_sameorigin_override), so the admin preview still works.
X_FRAME_OPTIONS = "DENY"

# Staff accounts (issue 11): every admin user signs in with a second factor; enrolment is asked
# for at the first sign-in. STAFF_2FA_REQUIRED=false turns the demand off (not recommended).
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)
