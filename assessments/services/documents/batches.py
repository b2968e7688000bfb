"""A plan's tickets as one PDF, written by a background task with progress (hostsite jobs) into
private storage; the person who started it (or a superuser) downloads it from the job page."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task
from hostsite import audit
from hostsite.services import job_running, job_start

from assessments.models import ExamPlan
from assessments.selectors import documents as selectors
from assessments.services.documents.tickets import write_tickets

PRINT_PERMISSION = "assessments.print_documents"
TICKETS_BATCH = "assessments.tickets_batch"
BATCH_DIR = "tickets"


class DocumentRefused(Exception):
    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def ensure_printable(plan: ExamPlan) -> None:
    """Tickets and room lists are printed from frozen seating only."""
    if plan.status not in selectors.TICKET_STATUSES:
        raise DocumentRefused(_("考试计划封场（座位冻结）后才能打印准考证和考场名单。"))


def batch_storage():
    """The private storage applicants' files live in (never served publicly)."""
    from forms_app.models import ApplicationFile

    return ApplicationFile._meta.get_field("file").storage


def batch_file_name(job_id) -> str:
    return f"{BATCH_DIR}/{job_id}.pdf"


def tickets_batch_start(*, plan: ExamPlan, user, request=None):
    """Start writing all the plan's tickets (a Job the page follows)."""
    ensure_printable(plan)
    count = selectors.seated_candidates(plan=plan).count()
    if not count:
        raise DocumentRefused(_("本计划尚无已编排座位的考生。"))
    job = job_start(
        task=tickets_batch_task,
        label=_("准考证 %(plan)s（%(count)d 人）") % {"plan": plan, "count": count},
        owner=user,
        kwargs={"plan_id": plan.pk},
    )
    audit.record(
        TICKETS_BATCH, request=request, actor=user, target=plan, row_count=count, masked=True
    )
    return job


def write_plan_tickets(*, plan: ExamPlan, out, progress=None) -> int:
    candidates = selectors.seated_candidates(plan=plan)
    total = candidates.count()
    return write_tickets(
        out, plan, candidates.iterator(chunk_size=200), total=total, progress=progress
    )


@task(backend="db", queue_name="documents")
def tickets_batch_task(*, job_id: str, plan_id: int) -> None:
    with job_running(job_id) as job:
        plan = ExamPlan.objects.get(pk=plan_id)
        ensure_printable(plan)

        def progress(done: int, total: int) -> None:
            job.progress(
                done, total, _("已生成 %(done)s / %(total)s 张") % {"done": done, "total": total}
            )

        with tempfile.TemporaryFile() as spool:
            pages = write_plan_tickets(plan=plan, out=spool, progress=progress)
            spool.seek(0)
            storage = batch_storage()
            name = batch_file_name(job_id)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, File(spool))
        job.finish(
            message=_("已生成 %(pages)d 张准考证。") % {"pages": pages},
            result_url=reverse("assessments_tickets_batch_download", args=[job_id]),
        )


def stored_batch(job_id) -> str | None:
    name = batch_file_name(job_id)
    return name if batch_storage().exists(name) else None
