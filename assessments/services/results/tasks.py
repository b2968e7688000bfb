"""Background work of the results area (the "db" task backend, queue "imports"): a confirmed
score import runs here and reports on its job (hostsite jobs). Test settings run tasks at
once."""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task
from hostsite import audit
from hostsite.services import job_running

from assessments.models import ExamPlan
from assessments.selectors.results import may_import_scores
from assessments.services.results import SCORE_IMPORT
from assessments.services.results.errors import ResultsRefused
from assessments.services.results.imports import score_import_check
from assessments.services.results.scores import scores_enter
from forms_app.storage import private_storage


class ImportFailed(Exception):
    """Nothing was written: the file changed, a row is wrong, or the user may not import."""


@task(backend="db", queue_name="imports")
def import_scores_task(
    *, job_id: str, plan_id: int, user_id: int, stored: str, digest: str, file_name: str,
    reason: str = "",
) -> None:  # fmt: skip
    with job_running(job_id) as job:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        plan = ExamPlan.objects.select_related("occupation").filter(pk=plan_id).first()
        storage = private_storage()
        if user is None or plan is None or not storage.exists(stored):
            raise ImportFailed(_("导入已失效（文件、考试计划或用户不存在），请重新上传。"))
        if not may_import_scores(user, plan):
            raise ImportFailed(_("您已不能导入本考试计划的成绩，没有导入任何成绩。"))
        with storage.open(stored, "rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != digest:
            raise ImportFailed(_("文件已变化，请重新上传。"))
        job.progress(0, 2, _("正在核对文件…"))
        check = score_import_check(plan=plan, file_name=file_name, content=content)
        if not check.ok:
            raise ImportFailed(_("确认导入时发现问题，没有导入任何成绩。") + " " + check.summary())
        job.progress(1, 2, _("正在写入 %(n)s 行成绩…") % {"n": len(check.rows)})
        try:
            with transaction.atomic():
                count = scores_enter(plan=plan, cells=check.cells, user=user, reason=reason)
                audit.record(
                    SCORE_IMPORT, actor=user, target=plan, row_count=len(check.rows),
                    detail=file_name,
                )  # fmt: skip
        except ResultsRefused as refused:
            raise ImportFailed(_("没有导入任何成绩：") + refused.message) from refused
        storage.delete(stored)
        job.finish(
            message=_("已导入，%(n)s 项成绩有变化。") % {"n": count},
            result_url=reverse("assessments_score_grid", args=[plan.pk]),
        )
