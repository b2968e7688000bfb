"""Settings for the benchmark servers: production settings plus a bare Django JSON view."""

from hostsite.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True}
# Every load client comes from 127.0.0.1: the per-address limits would stop the run at once.
FORMS_POST_RATE_PER_IP = (10**9, 3600)
FORMS_SUBMIT_RATE_PER_IP = (10**9, 3600)
FORMS_STATUS_RATE_PER_IP = (10**9, 3600)
API_RATE_PER_IP = None  # no API limit (hostsite.api keeps a timestamp per counted request)
