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

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import CandidateStatus, ObjectionStatus
from assessments.models import Candidate, ExamPlan
from assessments.models.notices import NoticePeriod, Objection, PublicityNoticePage
from assessments.models.results import PlanScoring, Score, ScoreEntry
from assessments.scoring import ScoreComponent, plan_components


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
