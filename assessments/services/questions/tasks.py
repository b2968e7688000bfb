"""Background work of the question bank (the "db" task backend, queue "default"): a confirmed
import runs here, reporting progress on its job. Test settings run tasks immediately."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task
from hostsite.services import job_running

from assessments.services.questions import exchange, moodle
from occupations.models import OccupationPage


class ImportFailed(Exception):
    """The file changed or a row went wrong between the check and the import: nothing written."""


def upload_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def importer(file_name: str):
    return moodle.import_moodle if file_name.lower().endswith(".xml") else exchange.import_questions


@task(backend="db", queue_name="default")
def import_questions_task(
    *, job_id: str, user_id: int, stored: str, digest: str, file_name: str, occupation_id: int,
    level: int,
) -> None:  # fmt: skip
    with job_running(job_id) as job:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        occupation = OccupationPage.objects.filter(pk=occupation_id).first()
        storage = upload_storage()
        if user is None or occupation is None or not storage.exists(stored):
            raise ImportFailed(_("导入已失效（文件、职业或用户不存在），请重新上传。"))
        with storage.open(stored, "rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != digest:
            raise ImportFailed(_("文件已变化，请重新上传。"))

        def progress(done: int, total: int) -> None:
            job.progress(done, total, _("已处理 %(done)s / %(total)s 道题") % {
                "done": done, "total": total})  # fmt: skip

        report = importer(file_name)(
            occupation=occupation, level=level, content=content, file_name=file_name,
            actor=user, dry_run=False, progress=progress,
        )  # fmt: skip
        storage.delete(stored)
        if not report.ok:
            first = report.file_errors or [
                _("第 %(row)s 行：%(errors)s") % {"row": r.number, "errors": "；".join(r.errors)}
                for r in report.error_rows[:3]
            ]
            raise ImportFailed(_("没有导入任何试题。") + " ".join(first))
        job.finish(
            message=_("已导入 %(n)s 道题（草稿）。") % {"n": report.created},
            result_url=reverse("questions:index") + "?status=draft",
        )
