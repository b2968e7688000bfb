"""Seating a plan as a background job (the "db" task backend) whose progress the plan's page
shows. The seating itself is one transaction; on PostgreSQL its progress is written through a
second connection of its own, so the page sees it while the transaction is still open."""

from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from hostsite.models import Job
from hostsite.services import JobReporter, job_running, job_start

from assessments.models import ExamPlan
from assessments.services.plans.errors import PlanRefused
from assessments.services.plans.seating import plan_seat


def plan_seating_start(*, plan: ExamPlan, actor) -> Job:
    """Start seating ``plan`` in the background; the job to follow."""
    if plan.is_seating_frozen:
        raise PlanRefused(_("考试计划已封场，座位已冻结。"))
    with transaction.atomic():
        return job_start(
            task=seat_plan_task,
            label=_("编排考场座位：%(plan)s") % {"plan": plan},
            owner=actor,
            kwargs={"plan_id": plan.pk, "user_id": actor.pk if actor else None},
        )


class _OutsideReporter:
    """Progress written through a connection of its own (autocommit), visible at once."""

    def __init__(self, job_id: str, fallback: JobReporter):
        self.job_id = job_id
        self.fallback = fallback
        self.own = None
        if connection.vendor == "postgresql":
            self.own = connections.create_connection("default")

    def __call__(self, done: int, total: int, message: str) -> None:
        if self.own is None:
            self.fallback.progress(done, total, message)
            return
        table = Job._meta.db_table
        with self.own.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET done = %s, total = %s, message = %s, updated_at = %s "
                f"WHERE id = %s",
                [done, total, str(message)[:500], timezone.now(), uuid.UUID(str(self.job_id))],
            )

    def close(self) -> None:
        if self.own is not None:
            self.own.close()


@task(backend="db", queue_name="default")
def seat_plan_task(*, job_id: str, plan_id: int, user_id: int | None) -> None:
    with job_running(job_id) as job:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        plan = ExamPlan.objects.get(pk=plan_id)
        reporter = _OutsideReporter(job_id, job)
        try:
            result = plan_seat(plan=plan, actor=user, progress=reporter)
        finally:
            reporter.close()
        job.progress(result.seated, result.seated)  # as committed (the test run sees this one)
        job.finish(
            message=_("编排完成：%(n)s 名考生，使用 %(rooms)s 个考场。")
            % {"n": result.seated, "rooms": result.rooms_used}
        )
