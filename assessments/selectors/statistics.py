"""The statistics dashboard's figures (admin 统计): each a few aggregate queries (GROUP BY in the
database, no per-row Python), filtered by registration batch and occupation.

A chart is a ``Chart``: a title, the x labels and one series per line/bar group, so the same
figures draw the SVG and fill the CSV."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from assessments.choices import CertificateStatus
from assessments.models import Certificate
from forms_app.choices import ApplicationStatus
from forms_app.models import Application
from occupations.choices import Level


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar", "stacked", "line"
    labels: list[str] = field(default_factory=list)
    series: dict[str, list[float | None]] = field(default_factory=dict)  # None: no value
    unit: str = ""

    def rows(self) -> list[list]:
        """The CSV: a header, then one row per x label."""
        header = [_("分类"), *self.series.keys()]
        return [header] + [
            [label, *("" if values[i] is None else values[i] for values in self.series.values())]
            for i, label in enumerate(self.labels)
        ]


@dataclass(frozen=True)
class Filters:
    exam_period_id: int | None = None
    occupation_id: int | None = None


def _applications(filters: Filters):
    queryset = Application.objects.all()
    if filters.exam_period_id:
        queryset = queryset.filter(exam_period_id=filters.exam_period_id)
    if filters.occupation_id:
        queryset = queryset.filter(occupation_id=filters.occupation_id)
    return queryset


def _titles(ids) -> dict[int, str]:
    """Occupation titles by id, in one small query (grouping by the id, not the title, keeps
    the join to the page tables out of the aggregate over the applications)."""
    from occupations.models import OccupationPage

    return dict(OccupationPage.objects.filter(pk__in=set(ids)).values_list("pk", "title"))


def _level(level: int) -> str:
    return str(Level(level).label)


def applications_by_occupation_and_level(filters: Filters) -> Chart:
    rows = list(
        _applications(filters).values("occupation_id", "level").annotate(n=Count("pk")).order_by()
    )
    titles = _titles(row["occupation_id"] for row in rows)
    occupations = sorted({titles[row["occupation_id"]] for row in rows})
    levels = sorted({row["level"] for row in rows}, reverse=True)
    counts = {(titles[row["occupation_id"]], row["level"]): row["n"] for row in rows}
    return Chart(
        key="applications",
        title=_("各职业、等级报名人数"),
        kind="stacked",
        labels=occupations,
        series={_level(lv): [counts.get((o, lv), 0) for o in occupations] for lv in levels},
        unit=_("人"),
    )


def applications_over_time(filters: Filters) -> Chart:
    rows = (
        _applications(filters)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "level")
        .annotate(n=Count("pk"))
        .order_by("month", "level")
    )
    months = sorted({row["month"] for row in rows})
    levels = sorted({row["level"] for row in rows}, reverse=True)
    counts = {(row["month"], row["level"]): row["n"] for row in rows}
    return Chart(
        key="months",
        title=_("每月报名人数（按等级）"),
        kind="line",
        labels=[f"{month:%Y-%m}" for month in months],
        series={_level(lv): [counts.get((m, lv), 0) for m in months] for lv in levels},
        unit=_("人"),
    )


def approval_rates(filters: Filters) -> Chart:
    decided = Q(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED])
    rows = list(
        _applications(filters)
        .values("occupation_id")
        .annotate(
            decided=Count("pk", filter=decided),
            approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
        )
        .order_by()
    )
    titles = _titles(row["occupation_id"] for row in rows)
    rows = sorted((row for row in rows if row["decided"]), key=lambda r: titles[r["occupation_id"]])
    return Chart(
        key="approval",
        title=_("资格审核通过率（已审结的报名）"),
        kind="bar",
        labels=[titles[row["occupation_id"]] for row in rows],
        series={_("通过率 %"): [round(100 * row["approved"] / row["decided"], 1) for row in rows]},
        unit="%",
    )


def certificates_issued(filters: Filters) -> Chart:
    queryset = Certificate.objects.numbered()
    if filters.exam_period_id:
        queryset = queryset.filter(application__exam_period_id=filters.exam_period_id)
    if filters.occupation_id:
        queryset = queryset.filter(application__occupation_id=filters.occupation_id)
    rows = (
        queryset.annotate(month=TruncMonth("issued_on"))
        .values("month", "level")
        .annotate(
            n=Count("pk", filter=Q(status=CertificateStatus.VALID)),
        )
        .order_by("month", "level")
    )
    months = sorted({row["month"] for row in rows})
    by_level: dict[int, dict] = defaultdict(dict)
    for row in rows:
        by_level[row["level"]][row["month"]] = row["n"]
    return Chart(
        key="certificates",
        title=_("每月颁发的有效证书（按等级）"),
        kind="stacked",
        labels=[f"{month:%Y-%m}" for month in months],
        series={
            _level(lv): [by_level[lv].get(m, 0) for m in months]
            for lv in sorted(by_level, reverse=True)
        },
        unit=_("张"),
    )


def pass_rates(filters: Filters) -> Chart | None:
    """Pass rates per component and plan, from the results area when it is installed."""
    try:
        from assessments.selectors.results import pass_rates_by_plan_and_component
    except ImportError:
        return None
    labels, series = pass_rates_by_plan_and_component(
        exam_period_id=filters.exam_period_id, occupation_id=filters.occupation_id
    )
    return Chart(
        key="pass",
        title=_("各计划、科目合格率（实考人数中，缺考不计）"),
        kind="bar",
        labels=labels,
        series=series,
        unit="%",
    )


CHARTS = {
    "applications": applications_by_occupation_and_level,
    "months": applications_over_time,
    "approval": approval_rates,
    "certificates": certificates_issued,
    "pass": pass_rates,
}


def charts(filters: Filters) -> list[Chart]:
    return [chart for build in CHARTS.values() if (chart := build(filters)) is not None]
