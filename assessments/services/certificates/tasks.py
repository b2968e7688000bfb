"""The batch PDF of a plan's certificates, made by the task worker (hostsite jobs: the page
shows its progress) and kept in private storage for its owner to download."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task
from hostsite.services import job_running, job_start

from assessments.choices import CertificateStatus
from assessments.models import Certificate
from assessments.services.certificates import printing
from forms_app.storage import private_storage


def _path(job_id: str) -> str:
    return f"certificates/batches/{job_id}.pdf"


def print_plan_later(*, plan, user):
    return job_start(
        task=print_plan_task,
        label=_("打印证书：%(plan)s") % {"plan": plan},
        owner=user,
        kwargs={"plan_id": plan.pk, "user_id": user.pk},
    )


@task(backend="db", queue_name="default")
def print_plan_task(*, job_id: str, plan_id: int, user_id: int) -> None:
    with job_running(job_id) as job:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        certificates = list(
            Certificate.objects.numbered()
            .filter(candidate__plan_id=plan_id, status=CertificateStatus.VALID)
            .select_related("issuer", "application")
            .order_by("number")
        )
        total = len(certificates)
        job.progress(0, total, _("正在生成证书 PDF…"))

        def progress(done: int) -> None:
            if done % 10 == 0 or done == total:
                job.progress(done, total, _("已生成 %(done)s / %(total)s 张") % locals())

        content = printing.certificates_print(
            certificates=certificates, actor=user, progress=progress
        )
        storage = private_storage()
        storage.delete(_path(job_id))
        storage.save(_path(job_id), ContentFile(content))
        job.finish(
            message=_("已生成 %(total)s 张证书。") % {"total": total},
            result_url=reverse("assessments_certificates_job_download", args=[job_id]),
        )


def open_batch(*, job_id: str):
    storage = private_storage()
    if not storage.exists(_path(job_id)):
        return None
    return storage.open(_path(job_id), "rb")
