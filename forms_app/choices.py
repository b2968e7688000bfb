from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待审核")
    NEEDS_INFO = "needs_info", _("需补充材料")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("审核未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


#: Statuses of a live application: one per person, occupation, specialty, level and period.
LIVE_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.NEEDS_INFO,
    ApplicationStatus.APPROVED,
)

#: Which status may follow which (forms_app.lifecycle enforces it).
TRANSITIONS = {
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.NEEDS_INFO,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.NEEDS_INFO: {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.APPROVED: {ApplicationStatus.REJECTED},
    ApplicationStatus.REJECTED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}

#: What the applicant may do themselves (withdraw; resubmit after supplying documents);
#: every other change is a staff decision (forms_app.lifecycle checks both).
APPLICANT_TRANSITIONS = {ApplicationStatus.WITHDRAWN, ApplicationStatus.SUBMITTED}


class FileKind(models.TextChoices):
    PHOTO = "photo", _("证件照")
    DOCUMENT = "document", _("证明材料")


class ImportState(models.TextChoices):
    """Where an uploaded applicant list is (forms_app.exchange.staging)."""

    CHECKING = "checking", _("正在检查")
    CHECKED = "checked", _("检查通过，待确认")
    INVALID = "invalid", _("有错误，未导入")
    PUBLISHING = "publishing", _("正在导入")
    PUBLISHED = "published", _("已导入")
    FAILED = "failed", _("导入失败，未导入任何数据")
