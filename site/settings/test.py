import os

from .base import *  # noqa: F403
from .base import TASK_QUEUES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(VAR_DIR / "test-media"))
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
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "test-private"))
CERTIFICATE_SIGNING_KEYS = ["dev:tovP3h9EW805nnMIaNd2MmiTVnBzvjf4utDb6Fmjyq4"]
