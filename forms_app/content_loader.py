"""Something to apply to on a fresh site: the school's current registration batch (考试批次) and
one open registration form per occupation, with the fields every application needs.

Called by ``manage.py load_school_content`` after the occupations (this plugin's
content_loader). Idempotent like the rest of the content: the batch is created once (and then
left to the editors), each form is created once and updated only while no editor changed it
(hostsite.content.sync); an editor closing, changing or deleting a form is respected.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from hostsite.content.sync import SyncReport, sync_page
from hostsite.models.content import ContentFingerprint

from forms_app.models import ExamPeriod, FormField, RegistrationFormPage
from occupations.models import OccupationPage

PERIOD_KEY = "forms_app:exam-period"
#: How long the batch a fresh site starts with collects applications.
PERIOD_DAYS = 90


INTRODUCTION = _lazy(
    "<p>请如实填写，带 * 的为必填项。提交后系统按报名条件给出初步判断，最终以资格审核为准；"
    "审核结果可在“报名查询”中查看。</p>"
)
THANK_YOU = _lazy("<p>我们已收到您的报名。请记下报名号，随时可在“报名查询”中查看审核进度。</p>")


def _standard_fields() -> list[FormField]:
    """What every application needs, the applicant's profile the eligibility check reads, a
    photo for the admission ticket and optional documents."""

    def field(field_type, clean_name, label, *, required=True, section="", help_text=""):
        return FormField(
            field_type=field_type,
            clean_name=clean_name,
            label=label,
            required=required,
            section=section,
            help_text=help_text,
        )

    about, profile, files = _("申请人信息"), _("学历与经历"), _("材料")
    fields = [
        field("full_name", "name", _("姓名"), section=about),
        field("id_number", "id_number", _("居民身份证号码"), section=about),
        field("mobile", "mobile", _("手机号码"), section=about),
        field("target", "target", _("申报工种与等级"), section=about),
        field("education", "education", _("学历"), required=False, section=profile),
        field("work_history", "work", _("工作经历"), required=False, section=profile),
        field("certificates", "certificates", _("已取得证书"), required=False, section=profile),
        field("training", "training", _("正规培训"), required=False, section=profile),
        field("apprenticeship", "apprenticeship", _("学徒期满"), required=False, section=profile),
        field(
            "photo",
            "photo",
            _("证件照"),
            section=files,
            help_text=_("近期免冠正面照片，用于准考证和证书。"),
        ),
        field(
            "document",
            "documents",
            _("证明材料"),
            required=False,
            section=files,
            help_text=_("学历证书、职业资格证书、工作证明等（可选，审核时可能需要）。"),
        ),
    ]
    # sort_order as shown: Orderable leaves it empty outside the admin, and PostgreSQL does not
    # keep rows with equal sort keys in insertion order.
    for index, form_field in enumerate(fields):
        form_field.sort_order = index
    return fields


def _current_period(*, force: bool, report: SyncReport) -> ExamPeriod | None:
    stored = ContentFingerprint.objects.filter(key=PERIOD_KEY).first()
    if stored is not None:
        period = ExamPeriod.objects.filter(pk=stored.digest.removeprefix("pk:")).first()
        if period is not None:
            return period
        if not force:
            report.kept.append(_("报名批次（已被编辑删除）"))
            return None
    starts = timezone.localdate()
    name = _("%(year)s年%(month)s月报名批次") % {"year": starts.year, "month": starts.month}
    # The report counts pages; the batch is no page, so it is not counted.
    period, _created = ExamPeriod.objects.get_or_create(
        name=name,
        defaults={"starts_on": starts, "ends_on": starts + timedelta(days=PERIOD_DAYS)},
    )
    ContentFingerprint.objects.update_or_create(
        key=PERIOD_KEY, defaults={"digest": f"pk:{period.pk}"}
    )
    return period


def _local_utc(day: date, at: time) -> datetime:
    """``at`` on ``day`` in the site's time zone, in UTC (as the database gives it back, so the
    loader's fingerprint of a form it wrote stays the same on the next run)."""
    local = datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return local.astimezone(UTC)


def load_registration_forms(*, home, force: bool, report: SyncReport) -> None:
    period = _current_period(force=force, report=report)
    if period is None:
        return
    starts = period.starts_on or timezone.localdate()
    ends = period.ends_on or starts + timedelta(days=PERIOD_DAYS)
    for occupation in OccupationPage.objects.live().order_by("path"):
        sync_page(
            parent=home,
            model=RegistrationFormPage,
            key=f"forms_app:form:{occupation.slug}",
            slug=RegistrationFormPage(occupation=occupation).ascii_slug(),
            fields={
                "title": _("%(occupation)s报名") % {"occupation": occupation.title},
                "occupation": occupation,
                "exam_period": period,
                "opens_at": _local_utc(starts, time.min),
                "closes_at": _local_utc(ends, time(23, 59)),
                "introduction": INTRODUCTION,
                "thank_you_text": THANK_YOU,
                "form_fields": _standard_fields(),
            },
            force=force,
            report=report,
        )
