"""Reads of the results area: the score grid, double-entry mismatches, the public list of a
notice (masked names, nothing else personal) and whether certificates may be issued for a plan.

For the certificates area::

    from assessments.selectors.results import plan_certificate_blockers, plan_passed_candidates

    if not plan_certificate_blockers(plan):      # period ended and every objection resolved
        for candidate in plan_passed_candidates(plan): ...
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import CandidateStatus, ObjectionStatus, ScoreMark
from assessments.models import Candidate, ExamPlan
from assessments.models.notices import NoticePeriod, Objection, PublicityNoticePage
from assessments.models.results import PlanScoring, Result, Score, ScoreEntry
from assessments.scoring import SCORE_COMPONENTS, ScoreComponent, plan_components


def mask_name(name: str) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳娜娜 → 欧**娜: first and last character (of three or
    more) shown."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def plan_passed_candidates(plan: ExamPlan) -> QuerySet[Candidate]:
    """Enrolled candidates of the plan whose stored result is a pass."""
    return (
        Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED, result__passed=True)
        .select_related("application", "result")
        .order_by("ticket_number", "pk")
    )


@dataclass(frozen=True)
class NoticeRow:
    name: str
    occupation: str
    specialty: str
    level: str
    plan: str


def notice_rows(notice: PublicityNoticePage) -> list[NoticeRow]:
    """What the public notice lists for each passed candidate: masked name, occupation,
    specialty, level, plan. No ID number, phone or ticket number."""
    rows = []
    for plan in notice.plans.select_related("occupation").order_by("code"):
        for candidate in plan_passed_candidates(plan):
            rows.append(
                NoticeRow(
                    name=mask_name(candidate.application.name),
                    occupation=plan.occupation.title,
                    specialty=plan.specialty,
                    level=plan.level_label,
                    plan=plan.title or plan.code,
                )
            )
    return rows


def notice_period(notice: PublicityNoticePage) -> NoticePeriod | None:
    return NoticePeriod.objects.filter(notice=notice).first()


def plan_certificate_blockers(plan: ExamPlan, *, today: date | None = None) -> list[str]:
    """Why certificates may not (yet) be issued for ``plan``, in Chinese; empty when they may:
    a live notice lists the plan, and for every live notice listing it the period has ended and
    every objection is resolved."""
    today = today or timezone.localdate()
    notices = list(PublicityNoticePage.objects.live().filter(plans=plan))
    periods = {p.notice_id: p for p in NoticePeriod.objects.filter(notice__in=notices)}
    if not periods:
        return [_("本计划的成绩尚未公示。")]
    blockers = []
    for notice in notices:
        period = periods.get(notice.pk)
        if period is None:
            continue
        if period.ends_on >= today:
            blockers.append(
                _("“%(notice)s”的公示期到 %(end)s 结束。")
                % {"notice": notice.title, "end": f"{period.ends_on:%Y-%m-%d}"}
            )
        open_count = Objection.objects.filter(notice=notice, status=ObjectionStatus.OPEN).count()
        if open_count:
            blockers.append(
                _("“%(notice)s”有 %(count)s 条异议尚未处理。")
                % {"notice": notice.title, "count": open_count}
            )
    return blockers


def plan_may_issue_certificates(plan: ExamPlan, *, today: date | None = None) -> bool:
    """May certificates be issued for this plan (notice period ended, objections resolved)?"""
    return not plan_certificate_blockers(plan, today=today)


ENTER_SCORES = "assessments.enter_scores"
REVIEW_SCORES = "assessments.review_scores"


def may_score(user, plan: ExamPlan) -> bool:
    """Reviewers score every plan; clerks the plans they are assigned to."""
    if user.has_perm(REVIEW_SCORES):
        return True
    return (
        user.has_perm(ENTER_SCORES) and PlanScoring.objects.filter(plan=plan, clerks=user).exists()
    )


def may_import_scores(user, plan: ExamPlan) -> bool:
    """As ``may_score``; a double-entry plan's scores only reviewers import (two clerks enter
    them in the grid, and an import would bypass that)."""
    if not may_score(user, plan):
        return False
    double_entry = PlanScoring.objects.filter(plan=plan, double_entry=True).exists()
    return not double_entry or user.has_perm(REVIEW_SCORES)


def plan_is_locked(plan: ExamPlan) -> bool:
    return PlanScoring.objects.filter(plan=plan, locked_at__isnull=False).exists()


@dataclass
class GridRow:
    candidate: Candidate
    cells: dict  # component key → Score | None
    entries: dict  # (component key, round) → ScoreEntry


def score_grid(
    plan: ExamPlan, *, room_id: int | None = None
) -> tuple[list[ScoreComponent], list[GridRow]]:
    """The components and one row per enrolled candidate (of one room, or the whole plan)."""
    components = plan_components(plan)
    candidates = Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED)
    if room_id:
        candidates = candidates.filter(room_id=room_id)
    candidates = candidates.select_related("application", "room").order_by("ticket_number", "pk")
    scores: dict = {}
    for score in Score.objects.filter(candidate__in=candidates):
        scores.setdefault(score.candidate_id, {})[score.component] = score
    entries: dict = {}
    for entry in ScoreEntry.objects.filter(candidate__in=candidates):
        entries.setdefault(entry.candidate_id, {})[(entry.component, entry.round)] = entry
    rows = [
        GridRow(
            candidate,
            {c.key: scores.get(candidate.pk, {}).get(c.key) for c in components},
            entries.get(candidate.pk, {}),
        )
        for candidate in candidates
    ]
    return components, rows


def entry_mismatches(plan: ExamPlan) -> list[tuple[ScoreEntry, ScoreEntry]]:
    """Double-entry pairs (round 1, round 2) of the plan that disagree."""
    firsts = {
        (e.candidate_id, e.component): e
        for e in ScoreEntry.objects.filter(candidate__plan=plan, round=1).select_related(
            "candidate__application", "entered_by"
        )
    }
    pairs = []
    for second in ScoreEntry.objects.filter(candidate__plan=plan, round=2).select_related(
        "entered_by"
    ):
        first = firsts.get((second.candidate_id, second.component))
        if first is not None and not first.same_as(second):
            pairs.append((first, second))
    return sorted(pairs, key=lambda pair: (pair[0].candidate.ticket_number or "", pair[0].pk))


def pass_rates_by_plan_and_component(
    *, exam_period_id: int | None = None, occupation_id: int | None = None
) -> tuple[list[str], dict[str, list[float | None]]]:
    """Pass rates (%) per exam plan: one series per score component — of the enrolled
    candidates who sat it (a score, or 违纪; 缺考 did not sit), those with at least the
    component's pass score — and 综合合格, the share of the plan's results that are a pass
    (by the rule stored with each). Two aggregate queries whatever the number of candidates;
    plans without scores are left out, a component a plan does not have is None.

    Returns the plans' labels (code and title, by code) and the series by component label."""
    plan_filter = Q(candidate__status=CandidateStatus.ENROLLED)
    if exam_period_id:
        plan_filter &= Q(candidate__plan__exam_period_id=exam_period_id)
    if occupation_id:
        plan_filter &= Q(candidate__plan__occupation_id=occupation_id)
    passed = Q()
    for component in SCORE_COMPONENTS.values():
        passed |= Q(component=component.key, mark=ScoreMark.NONE, value__gte=component.pass_score)
    plan_fields = ("candidate__plan_id", "candidate__plan__code", "candidate__plan__title")
    scored = (
        Score.objects.filter(plan_filter)
        .exclude(mark=ScoreMark.ABSENT)
        .values(*plan_fields, "component")
        .annotate(sat=Count("pk"), passed=Count("pk", filter=passed))
        .order_by()
    )
    results = (
        Result.objects.filter(plan_filter)
        .values(*plan_fields)
        .annotate(decided=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    )
    plans: dict[int, str] = {}
    rates: dict[tuple[int, str], float] = {}
    for row in [*scored, *results]:
        plan_id = row["candidate__plan_id"]
        plans[plan_id] = " ".join(
            part for part in (row["candidate__plan__code"], row["candidate__plan__title"]) if part
        )
        total = row.get("sat", row.get("decided"))
        if total:
            rates[(plan_id, row.get("component", ""))] = round(100 * row["passed"] / total, 1)
    order = sorted(plans, key=lambda plan_id: plans[plan_id])
    series: dict[str, list[float | None]] = {}
    for component in SCORE_COMPONENTS.values():
        values = [rates.get((plan_id, component.key)) for plan_id in order]
        if any(value is not None for value in values):
            series[str(component.label)] = values
    series[_("综合合格")] = [rates.get((plan_id, "")) for plan_id in order]
    return [plans[plan_id] for plan_id in order], series
