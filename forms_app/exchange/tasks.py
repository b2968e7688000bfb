"""Background work of the exchange pages, on the "db" task backend (see site/settings/base.py).

Test settings run tasks immediately, so a job has finished when the request that started it
commits.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task
from hostsite.services import job_running

from forms_app.exchange import services, staging


@task(backend="db", queue_name="exports")
def export_applications_task(*, job_id: str, user_id: int, options: dict) -> None:
    """Write a large export into private storage, reporting progress on the job."""
    with job_running(job_id) as job:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise services.ExportRefused(_("发起导出的用户已不存在或已停用。"))
        export_options = services.ExportOptions.from_json(options)
        total = services.export_count(export_options)
        job.progress(0, total, _("正在导出…"))

        def progress(done: int, total: int) -> None:
            job.progress(
                done, total, _("已导出 %(done)s / %(total)s 行") % {"done": done, "total": total}
            )

        rows = services.export_to_storage(
            job_id=job_id, options=export_options, user=user, progress=progress, total=total
        )
        job.finish(
            message=_("导出完成，共 %(rows)s 行。") % {"rows": rows},
            result_url=reverse("forms_app_exchange_download", args=[job_id]),
        )


@task(backend="db", queue_name="imports")
def import_applications_task(*, job_id: str, import_id: str, publish: bool) -> None:
    """Check an uploaded list (the preview) or, once confirmed, stage and publish it."""
    with job_running(job_id) as job:
        staging.import_run(import_id=import_id, publish=publish, job=job)


@task(backend="db", queue_name="imports")
def import_published_task(*, application_ids: list[int]) -> None:
    """Enqueued in the transaction that published an import: notices and identity checks."""
    staging.import_published(application_ids=application_ids)
