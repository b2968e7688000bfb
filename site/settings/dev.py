from .base import *  # noqa: F403
from .base import (
    CERTIFICATE_SIGNING_KEYS,
    PERSONAL_DATA_HMAC_KEY,
    PERSONAL_DATA_KEYS,
    SECRET_KEY,
)

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Development keys for personal data: derived, never used in production (which requires its own).
PERSONAL_DATA_KEYS = PERSONAL_DATA_KEYS or ["bGSFfvx3dJ9xBv8cY8V6qk0Kk6gd5oLq1m5pNsTQ0aM="]
PERSONAL_DATA_HMAC_KEY = PERSONAL_DATA_HMAC_KEY or "dev-only-hmac-key"
# The published development key signing certificates (assessments); refused in production.
CERTIFICATE_SIGNING_KEYS = CERTIFICATE_SIGNING_KEYS or [
    "dev:tovP3h9EW805nnMIaNd2MmiTVnBzvjf4utDb6Fmjyq4"
]
