"""Deleting personal data whose time is up, in one scheduled run (``manage.py
prune_personal_data``; deploy/skills-prune.timer runs it hourly).

Each kind of data registers a pruner with ``@pruner("name")``: a function taking ``now`` and
``dry_run`` that deletes (or, dry, only counts) what has expired and returns how many. The host
prunes stale jobs; plugins add theirs in ``AppConfig.ready`` (forms_app: drafts, export files,
import uploads). A pruner that fails is logged and the others still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

logger = logging.getLogger(__name__)

Pruner = Callable[..., int]
PRUNERS: dict[str, Pruner] = {}


def pruner(name: str):
    def register(function: Pruner) -> Pruner:
        PRUNERS[name] = function
        return function

    return register


def prune_all(*, now: datetime, dry_run: bool = False) -> dict[str, int | None]:
    """Run every pruner; the result maps each name to a count (None: it failed, see the log)."""
    counts: dict[str, int | None] = {}
    for name, function in PRUNERS.items():
        try:
            counts[name] = function(now=now, dry_run=dry_run)
        except Exception:
            logger.exception("Pruner %s failed", name)
            counts[name] = None
    return counts


@pruner("stale_jobs")
def _stale_jobs(*, now: datetime, dry_run: bool) -> int:
    """Jobs whose worker died are marked failed (they hold no personal data themselves)."""
    from hostsite.models import Job
    from hostsite.services import jobs_fail_stale, stale_reason

    if dry_run:
        return sum(stale_reason(job, now) is not None for job in Job.objects.all())
    return jobs_fail_stale(now=now)
