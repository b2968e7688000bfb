"""Services of the results area: scores (entry, double entry, special marks, audit, lock),
results by the plan's pass rule, the publicity notice's period and objections.

Every function is keyword-only and runs in one transaction; refusals raise ResultsRefused with
a Chinese message."""

from django.utils.translation import gettext_lazy as _
from hostsite import audit

SCORE_CHANGE = "assessments.score_change"
SCORE_IMPORT = "assessments.score_import"
NOTICE_PUBLISH = "assessments.notice_publish"
NOTICE_REOPEN = "assessments.notice_reopen"
OBJECTION_RESOLVE = "assessments.objection_resolve"

for _name, _label in (
    (SCORE_CHANGE, _("修改成绩")),
    (SCORE_IMPORT, _("导入成绩")),
    (NOTICE_PUBLISH, _("发布成绩公示")),
    (NOTICE_REOPEN, _("成绩公示重新开始")),
    (OBJECTION_RESOLVE, _("处理公示异议")),
):
    audit.register_action(_name, _label)

from assessments.services.results import imports  # noqa: E402, F401  (its pruner)
from assessments.services.results.errors import ResultsRefused  # noqa: E402, F401
from assessments.services.results.notices import (  # noqa: E402, F401
    notice_end_date,
    notice_published,
    notice_reopen,
    objection_file,
    objection_resolve,
)
from assessments.services.results.scores import (  # noqa: E402, F401
    ScoreInput,
    parse_cell,
    plan_scoring,
    result_decide,
    score_entry_record,
    score_set,
    scores_enter,
)
