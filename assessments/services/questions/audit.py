"""Audit actions of the question bank and papers (registered on import; apps.ready imports
this module)."""

from django.utils.translation import gettext_lazy as _
from hostsite import audit

QUESTIONS_IMPORT = "assessments.questions_import"
QUESTIONS_EXPORT = "assessments.questions_export"
PAPER_DRAW = "assessments.paper_draw"
PAPER_VIEW = "assessments.paper_view"
PAPER_DOWNLOAD = "assessments.paper_download"
PAPER_SEAL = "assessments.paper_seal"
PAPER_DISTRIBUTION = "assessments.paper_distribution"
PAPER_DISTRIBUTION_SIGN = "assessments.paper_distribution_sign"

for _name, _label in (
    (QUESTIONS_IMPORT, _("导入试题")),
    (QUESTIONS_EXPORT, _("导出试题")),
    (PAPER_DRAW, _("组卷")),
    (PAPER_VIEW, _("查看试卷")),
    (PAPER_DOWNLOAD, _("下载试卷")),
    (PAPER_SEAL, _("封存试卷")),
    (PAPER_DISTRIBUTION, _("发卷/回收记录")),
    (PAPER_DISTRIBUTION_SIGN, _("发卷/回收监考员签字")),
):
    audit.register_action(_name, _label)
