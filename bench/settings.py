"""Settings for the benchmark servers: production settings plus a bare Django JSON view."""

from hostsite.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True}
