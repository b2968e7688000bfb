"""gunicorn's settings for production; `gunicorn hostsite.wsgi:application` in this folder reads
them. The benchmarks in bench/ serve the site with the same file.

Synchronous workers, one request each: measured on 2 cores (bench/submit.py), they take
registrations faster and with a shorter tail than threaded workers, whose keep-alive
connections pile up on one process. They need a buffering reverse proxy (nginx) in front, so
that a phone uploading slowly ties up nginx, not a worker. gunicorn reads this file from the
folder it starts in (systemd: WorkingDirectory=the project folder) or from --config.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
# WEB_CONCURRENCY sets the number of processes; by default two per core this process may use
# (not the host's count, in a container): while one waits on PostgreSQL the other computes.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * len(os.sched_getaffinity(0))))
timeout = 60  # a photo and documents of up to 10 MB each are checked and re-encoded
# A worker is replaced after serving this many requests (plus a random part of the jitter):
# whatever memory one request made Python or Pillow keep (a large image's decode buffers,
# fragmented arenas) is given back to the system. Starting a worker costs ~2.5 s of CPU (Django,
# Wagtail and the plugins imported), so the limit is high enough that this is ~0.25 ms a request
# (at 1,000 it was ~2.5 ms, more than a page from the page cache costs), and the jitter wide
# enough that workers serving the same crowd do not all restart, and answer nothing, together:
# bench/pages.py saw the server silent in most of its turns with 1,000 and a jitter of 100.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 5000))
