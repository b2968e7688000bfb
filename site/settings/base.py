"""Settings shared by every environment.

Every secret and address is read from the environment here, in the section "Environment", and
nowhere else. `dev`, `test` and `production` only change behaviour, never addresses.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent  # the folder site/ (package hostsite)
BASE_DIR = PROJECT_DIR.parent  # the repository


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


# --- Environment ------------------------------------------------------------------------------
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
REDIS_URL = os.environ.get("REDIS_URL", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media"))
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(VAR_DIR / "static"))
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The plugins this site runs, in dependency order. Each is a Django app whose AppConfig is a
# hostsite.plugins.PluginConfig; see README "Plugins".
SITE_PLUGINS = env_list("SITE_PLUGINS", "occupations,forms_app,assessments")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
# Uploaded applicant documents: never under MEDIA_ROOT, served only to staff through a view.
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))
# Personal data (ID numbers, phones) is encrypted with these Fernet keys, newest first; add a
# new key in front and run `manage.py rotate_personal_data` to rotate. Lookups use a keyed HMAC.
PERSONAL_DATA_KEYS = env_list("PERSONAL_DATA_KEYS")
PERSONAL_DATA_HMAC_KEY = os.environ.get("PERSONAL_DATA_HMAC_KEY", "")
# Applications: "console" backends log instead of sending in development.
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", "email,sms")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "forms_app.notifications.ConsoleSmsBackend")
# Public pages rendered for anonymous readers are kept this long in the cache (hostsite.pagecache);
# a publish or any content change renews them at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Alibaba Cloud SMS (SMS_BACKEND=forms_app.sms_aliyun.AliyunSmsBackend): keys of a RAM user
# allowed to send SMS, the approved sign name, and approved template codes by use
# ("verification:SMS_123,notice:SMS_456"; see forms_app/sms_aliyun.py).
ALIYUN_SMS_ACCESS_KEY_ID = os.environ.get("ALIYUN_SMS_ACCESS_KEY_ID", "")
ALIYUN_SMS_ACCESS_KEY_SECRET = os.environ.get("ALIYUN_SMS_ACCESS_KEY_SECRET", "")
ALIYUN_SMS_SIGN_NAME = os.environ.get("ALIYUN_SMS_SIGN_NAME", "")
ALIYUN_SMS_TEMPLATES = dict(
    item.split(":", 1) for item in env_list("ALIYUN_SMS_TEMPLATES") if ":" in item
)
ALIYUN_SMS_ENDPOINT = os.environ.get("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com")
# Certificates (assessments): Ed25519 keys signing the payload in a certificate's QR code,
# "key id:private key" (url-safe base64 of the 32 raw bytes), newest first: the first signs,
# every one verifies. A key retired from signing stays as "key id:public key" in the second list,
# so certificates it signed keep verifying. `manage.py certificate_signing_key <id>` makes one.
CERTIFICATE_SIGNING_KEYS = env_list("CERTIFICATE_SIGNING_KEYS")
CERTIFICATE_RETIRED_PUBLIC_KEYS = env_list("CERTIFICATE_RETIRED_PUBLIC_KEYS")
# -----------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "hostsite",
    *SITE_PLUGINS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hostsite.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hostsite.csp.SiteCSPMiddleware",  # resilience: Content-Security-Policy (hostsite/csp.py)
    "hostsite.middleware.SiteCacheMiddleware",
    "hostsite.middleware.RouteCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hostsite.urls"
WSGI_APPLICATION = "hostsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Connections are kept, as for PostgreSQL (opening one costs about as much as a query).
    # WAL lets the task worker and the web server write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    # --- resilience: the site keeps serving while Redis is down (hostsite/cache.py) ---------
    CACHES = {
        "default": {
            "BACKEND": "hostsite.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "skills",
            "OPTIONS": {
                # A Redis that hangs costs a request at most this long, then is left alone for
                # RETRY_AFTER seconds; the outage is logged once per LOG_EVERY seconds.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": 5,
                "LOG_EVERY": 60,
            },
        }
    }
else:
    # Rate limits and verification codes live here too: room for a full computer room of
    # applicants before old entries are culled (Django's default is 300 entries).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

# Template fragments cached with {% cache %}/{% wagtailpagecache %} (e.g. an occupation's
# requirements) stay in each process's memory: Django's cache tag uses this alias when it exists.
# Their keys change with what they show (Wagtail's page.cache_key changes on every publication),
# so nothing needs purging; a process renders each one once, with or without Redis.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

# The only login page is the Wagtail admin's; without this, @login_required views (job status)
# send people to /accounts/login/, which does not exist.
LOGIN_URL = "wagtailadmin_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # staff accounts (issue 11, ASVS V2.1.1)
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# --- resilience: uploaded files readable by the site's user and its group (e.g. nginx serving
# MEDIA_ROOT), never by others; applicants' files in private storage are 0600 (forms_app.storage).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# The public JSON API (/api/v1/, hostsite.api): requests per client address (django-ninja rate
# syntax, counted in the default cache) and the largest JSON body it reads.
API_RATE_PER_IP = "120/m"
API_MAX_BODY_BYTES = 64 * 1024

# Background work. Wagtail enqueues its own tasks (search and reference index, file deletion)
# on "default": they run immediately so search never lags. The project's own background work
# goes to "db", stored in the database and run by `manage.py db_worker --backend db`: large
# exports of applicant lists ("exports") and notifications to applicants ("notifications").
# A plugin that adds background work adds its queue here.
TASK_QUEUES = ["default", "exports", "imports", "notifications", "documents"]
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES},
}

WAGTAIL_SITE_NAME = "锡林郭勒盟振达职业培训学校"
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search when the database is PostgreSQL.
    "default": {"BACKEND": "wagtail.search.backends.database"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No Gravatar: unreachable from mainland China, and it would send staff e-mail hashes abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no request to wagtail.org from staff browsers

# --- resilience: Content-Security-Policy (django-csp 4, hostsite/csp.py) ----------------------
# Public pages: only this site's files, and inline scripts carrying the request's nonce
# (templates: nonce="{{ request.csp_nonce }}"). The admin gets its own policy below.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail 8's admin needs inline scripts (date choosers) and inline styles; previews are framed
# by the admin itself.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# --- end resilience: Content-Security-Policy ---------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "hostsite": {"level": LOG_LEVEL},
        **{plugin: {"level": LOG_LEVEL} for plugin in SITE_PLUGINS},
    },
}

# --- Staff accounts and audit trail (issue 11; README "Staff accounts") -----------------------
# django-axes locks sign-in after AXES_FAILURE_LIMIT failures, per username and per address
# (either locks); an administrator lifts it in 设置 → 登录锁定 or with `manage.py axes_reset`.
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "hostsite.audit.AuditRequestMiddleware",
    "hostsite.staff.middleware.StaffSessionMiddleware",
    "hostsite.staff.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
WAGTAILADMIN_USER_LOGIN_FORM = "hostsite.staff.forms.LoginForm"  # the password labelled 密码
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 1  # hours; until then only an administrator can lift the lockout
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hostsite.net.client_address"
AXES_LOCKOUT_TEMPLATE = "hostsite/staff/locked_out.html"
AXES_VERBOSE = False
# Two-factor authentication (TOTP, recovery codes) for the admin: always asked of staff who
# enrolled; demanded of every admin user when STAFF_2FA_REQUIRED is on (production's default).
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name staff see in their authenticator app
# A signed-in user is signed out after 30 minutes without a request and 12 hours after login.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 12 * 60 * 60
# Whatever reaches the console log has full ID numbers and mobiles masked (hostsite.redaction).
LOGGING.setdefault("filters", {})["personal_data"] = {"()": "hostsite.redaction.RedactPersonalData"}
LOGGING["handlers"]["console"].setdefault("filters", []).append("personal_data")
# --- end of staff accounts and audit trail ----------------------------------------------------
