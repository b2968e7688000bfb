import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, TASK_QUEUES, VAR_DIR

# `make test` runs the suite in parallel processes (pytest-xdist); each worker gets its own
# test database (pytest-django adds the suffix), media folders and Redis database, so one
# worker's cache.clear() or file clean-up never meets another worker's test.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", … or "" without xdist
WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0
if WORKER_NUMBER and CACHES["default"]["BACKEND"] == "hostsite.cache.ResilientRedisCache":
    _url = urlsplit(CACHES["default"]["LOCATION"])
    _database = (int(_url.path.strip("/") or 0) + 8 * WORKER_NUMBER) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_database}"))

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(VAR_DIR / f"test-media{WORKER}"))
# Tests run background tasks deterministically, inside the request that starts them.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come straight from the apps' folders, as in development: nothing is collected
# before the tests, and the test client and live server can still fetch them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PERSONAL_DATA_KEYS = ["bGSFfvx3dJ9xBv8cY8V6qk0Kk6gd5oLq1m5pNsTQ0aM="]
PERSONAL_DATA_HMAC_KEY = "test-only-hmac-key"
PRIVATE_MEDIA_ROOT = os.environ.get(
    "TEST_PRIVATE_MEDIA_ROOT", str(VAR_DIR / f"test-private{WORKER}")
)
CERTIFICATE_SIGNING_KEYS = ["dev:tovP3h9EW805nnMIaNd2MmiTVnBzvjf4utDb6Fmjyq4"]
