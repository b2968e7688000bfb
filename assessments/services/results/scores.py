"""Scores: entered (one by one, in a grid, imported), with special marks and reasons, optionally
twice by different clerks; every change audited (who, when, old, new, reason); locked once a
notice listing the plan is published: a change then needs ``change_locked_score`` and a reason,
and restarts the notice's period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import ScoreMark
from assessments.models import Candidate, ExamPlan
from assessments.models.results import PlanScoring, Result, Score, ScoreEntry
from assessments.scoring import SCORE_COMPONENTS, ScoreValue, pass_rule, plan_components
from assessments.services.results.errors import ResultsRefused

MARK_BY_LABEL = {str(mark.label): mark.value for mark in ScoreMark if mark.value}


@dataclass(frozen=True)
class ScoreInput:
    """One cell: a candidate's value or mark for one component (both empty: no score)."""

    candidate: Candidate
    component: str
    value: Decimal | None = None
    mark: str = ScoreMark.NONE
    mark_reason: str = ""

    @property
    def display(self) -> str:
        if self.mark:
            return str(ScoreMark(self.mark).label)
        return "" if self.value is None else f"{self.value:.1f}".removesuffix(".0")


def parse_cell(text) -> tuple[Decimal | None, str]:
    """(value, mark) from what staff type or import: a number 0–100 (one decimal at most),
    缺考 or 违纪, or nothing. ResultsRefused with a Chinese message otherwise."""
    text = "" if text is None else str(text).strip()
    if not text:
        return None, ScoreMark.NONE
    if text in MARK_BY_LABEL:
        return None, MARK_BY_LABEL[text]
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ResultsRefused(
            _("“%(text)s”不是分数：请填写 0 到 100 的数字，或“缺考”“违纪”。") % {"text": text}
        )
    if not Decimal(0) <= value <= Decimal(100):
        raise ResultsRefused(_("分数 %(text)s 超出 0 到 100 的范围。") % {"text": text})
    if value != value.quantize(Decimal("0.1")):
        raise ResultsRefused(_("分数 %(text)s 最多保留一位小数。") % {"text": text})
    return value.quantize(Decimal("0.1")), ScoreMark.NONE


def plan_scoring(plan: ExamPlan, *, for_update: bool = False) -> PlanScoring:
    scoring, _created = PlanScoring.objects.get_or_create(plan=plan)
    if for_update:
        scoring = PlanScoring.objects.select_for_update().get(pk=scoring.pk)
    return scoring


def _check(plan: ExamPlan, cell: ScoreInput) -> None:
    if cell.candidate.plan_id != plan.pk:
        raise ResultsRefused(_("考生不在这个考试计划中。"))
    if cell.component not in {c.key for c in plan_components(plan)}:
        raise ResultsRefused(
            _("这个考试计划没有“%(component)s”科目。")
            % {"component": getattr(SCORE_COMPONENTS.get(cell.component), "label", cell.component)}
        )
    if cell.mark and cell.value is not None:
        raise ResultsRefused(_("缺考或违纪的考生不填分数。"))
    if cell.mark and not cell.mark_reason.strip():
        raise ResultsRefused(
            _("%(ticket)s：请填写“%(mark)s”的原因。")
            % {"ticket": _who(cell.candidate), "mark": ScoreMark(cell.mark).label}
        )


def _who(candidate: Candidate) -> str:
    return f"{candidate.ticket_number or candidate.pk} {candidate.application.name}"


def _check_lock(scoring: PlanScoring, user, reason: str) -> None:
    if scoring.locked_at is None:
        return
    if not user.has_perm("assessments.change_locked_score"):
        raise ResultsRefused(_("成绩已公示并锁定，修改需要“可修改已公示的成绩”权限。"))
    if not reason.strip():
        raise ResultsRefused(_("成绩已公示：请填写修改原因，修改后公示将重新开始。"))


def _differs(cell: ScoreInput, score: Score | None) -> bool:
    old = score.display if score else ""
    if old != cell.display:
        return True
    return score is not None and bool(cell.mark) and score.mark_reason != cell.mark_reason.strip()


def _apply(cell: ScoreInput, score: Score | None, *, user, reason: str) -> None:
    """Write one changed cell and audit it (who, when, old, new, reasons)."""
    old = score.display if score else ""
    new = cell.display
    if new == "":
        score.delete()
        object_id = ""
    else:
        score = score or Score(candidate=cell.candidate, component=cell.component)
        score.value, score.mark = cell.value, cell.mark
        score.mark_reason = cell.mark_reason.strip() if cell.mark else ""
        score.entered_by = user
        score.save()
        object_id = str(score.pk)
    label = SCORE_COMPONENTS[cell.component].label
    detail = _("%(component)s：%(old)s → %(new)s") % {
        "component": label,
        "old": old or _("（空）"),
        "new": new or _("（空）"),
    }
    if cell.mark:
        detail += _("；标记原因：%(why)s") % {"why": cell.mark_reason.strip()}
    if reason.strip():
        detail += _("；修改原因：%(why)s") % {"why": reason.strip()}
    audit.record(
        "assessments.score_change",
        actor=user,
        object_type="assessments.score",
        object_id=object_id,
        object_label=_who(cell.candidate),
        detail=detail,
    )


def result_decide(*, candidate: Candidate) -> Result:
    """Judge the candidate by the plan's pass rule and store the verdict with the rule."""
    scoring = plan_scoring(candidate.plan)
    label, rule = pass_rule(scoring.pass_rule)
    scores = {s.component: ScoreValue(s.value, s.mark) for s in candidate.scores.all()}
    verdict = rule(candidate.plan, scores)
    result, _created = Result.objects.update_or_create(
        candidate=candidate,
        defaults={
            "passed": verdict.passed,
            "rule": scoring.pass_rule,
            "rule_label": str(label),
            "reasons": [str(reason) for reason in verdict.reasons],
        },
    )
    return result


def scores_enter(*, plan: ExamPlan, cells: list[ScoreInput], user, reason: str = "") -> int:
    """Write the cells of one plan (a grid or an import) in one transaction: all or none.
    Returns how many changed. A locked plan needs the permission and a reason and restarts
    the period of every notice listing it."""
    from assessments.services.results.notices import notice_reopen

    with transaction.atomic():
        scoring = plan_scoring(plan, for_update=True)
        for cell in cells:
            _check(plan, cell)
        existing = {
            (score.candidate_id, score.component): score
            for score in Score.objects.select_for_update().filter(candidate__plan=plan)
        }
        pending = [
            (cell, existing.get((cell.candidate.pk, cell.component)))
            for cell in cells
            if _differs(cell, existing.get((cell.candidate.pk, cell.component)))
        ]
        if not pending:
            return 0
        _check_lock(scoring, user, reason)
        touched = {}
        for cell, score in pending:
            _apply(cell, score, user=user, reason=reason)
            touched[cell.candidate.pk] = cell.candidate
        for candidate in touched.values():
            result_decide(candidate=candidate)
        if scoring.locked_at is not None:
            for notice in plan.notices.live():
                notice_reopen(notice=notice, user=user, reason=reason)
        return len(pending)


def score_set(*, cell: ScoreInput, user, reason: str = "") -> int:
    return scores_enter(plan=cell.candidate.plan, cells=[cell], user=user, reason=reason)


def score_entry_record(*, cell: ScoreInput, round: int, user, reason: str = "") -> str:
    """Double entry: record this clerk's round; when the other round agrees, the score is set.
    Returns "waiting", "agreed" or "mismatch"."""
    plan = cell.candidate.plan
    with transaction.atomic():
        scoring = plan_scoring(plan, for_update=True)
        if not scoring.double_entry:
            raise ResultsRefused(_("这个考试计划不使用双人录入。"))
        if round not in (1, 2):
            raise ResultsRefused(_("录入轮次只能是第一遍或第二遍。"))
        _check(plan, cell)
        other = ScoreEntry.objects.filter(
            candidate=cell.candidate, component=cell.component, round=3 - round
        ).first()
        if other is not None and other.entered_by_id == user.pk:
            raise ResultsRefused(_("两遍录入须由不同的人完成：您已录入另一遍。"))
        entry, _created = ScoreEntry.objects.update_or_create(
            candidate=cell.candidate,
            component=cell.component,
            round=round,
            defaults={
                "value": cell.value,
                "mark": cell.mark,
                "mark_reason": cell.mark_reason.strip(),
                "entered_by": user,
            },
        )
        if other is None:
            return "waiting"
        if not entry.same_as(other):
            return "mismatch"
        scores_enter(plan=plan, cells=[cell], user=user, reason=reason)
        return "agreed"


def mismatch_resolve(*, cell: ScoreInput, user, reason: str) -> None:
    """成绩审核 settles a double-entry mismatch: the score is set and both rounds agree with it
    (what each clerk typed stays in the audit trail)."""
    if not user.has_perm("assessments.review_scores"):
        raise ResultsRefused(_("处理录入不一致需要成绩审核权限。"))
    if not reason.strip():
        raise ResultsRefused(_("请填写以哪一遍为准或核对的依据。"))
    with transaction.atomic():
        scores_enter(plan=cell.candidate.plan, cells=[cell], user=user, reason=reason)
        ScoreEntry.objects.filter(candidate=cell.candidate, component=cell.component).update(
            value=cell.value, mark=cell.mark, mark_reason=cell.mark_reason.strip()
        )
