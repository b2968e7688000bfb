"""The publicity notice's period (N working days from the calendar, set at first publication,
restarted when a locked score changes) and objections (filed during the period, resolved by
staff with an outcome)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit

from assessments.choices import ObjectionOutcome, ObjectionStatus
from assessments.models.notices import NoticePeriod, Objection, PublicityNoticePage
from assessments.models.results import PlanScoring
from assessments.selectors.calendar import CalendarNotCovered, notice_working_days
from assessments.services.calendar import calendar_period_end
from assessments.services.results.errors import ResultsRefused


def local_today() -> date:
    """The site's local date (one place, so tests can move the clock)."""
    return timezone.localdate()


def notice_end_date(*, start: date) -> date:
    """The last day of a notice starting on ``start``; refused (never guessed) when the
    working-day calendar does not cover a year the period needs."""
    try:
        return calendar_period_end(start=start)
    except CalendarNotCovered as missing:
        raise ResultsRefused(missing.message) from missing


def notice_published(
    *, notice: PublicityNoticePage, user=None, today: date | None = None
) -> NoticePeriod:
    """A notice went live: its period starts (the first time only) and its plans' scores are
    locked. ResultsRefused when the end date cannot be computed."""
    today = today or local_today()
    with transaction.atomic():
        period = NoticePeriod.objects.select_for_update().filter(notice=notice).first()
        if period is None:
            period = NoticePeriod.objects.create(
                notice=notice,
                starts_on=today,
                ends_on=notice_end_date(start=today),
                working_days=notice_working_days(),
                published_by=user,
            )
            audit.record(
                "assessments.notice_publish",
                actor=user,
                target=notice,
                detail=_("公示期 %(start)s 至 %(end)s（%(days)s 个工作日）")
                % {"start": period.starts_on, "end": period.ends_on, "days": period.working_days},
            )
        now = timezone.now()
        for plan in notice.plans.all():
            scoring, _created = PlanScoring.objects.get_or_create(plan=plan)
            if scoring.locked_at is None:
                PlanScoring.objects.filter(pk=scoring.pk).update(locked_at=now)
        return period


def notice_reopen(
    *, notice: PublicityNoticePage, user, reason: str, today: date | None = None
) -> NoticePeriod | None:
    """A score of the notice's plans changed after publication: the period starts again today
    (ResultsRefused, and so the change is not made, when its end cannot be computed)."""
    today = today or local_today()
    with transaction.atomic():
        period = NoticePeriod.objects.select_for_update().filter(notice=notice).first()
        if period is None:
            return None
        period.starts_on = today
        period.ends_on = notice_end_date(start=today)
        period.working_days = notice_working_days()
        period.reopened_at = timezone.now()
        period.reopen_reason = reason.strip()
        period.save()
        audit.record(
            "assessments.notice_reopen",
            actor=user,
            target=notice,
            detail=_("成绩修改后重新公示至 %(end)s；原因：%(why)s")
            % {"end": period.ends_on, "why": period.reopen_reason},
        )
        return period


def notice_is_open(notice: PublicityNoticePage, *, today: date | None = None) -> bool:
    today = today or local_today()
    period = NoticePeriod.objects.filter(notice=notice).first()
    return period is not None and period.starts_on <= today <= period.ends_on


def objection_file(
    *, notice: PublicityNoticePage, name: str, contact: str, text: str, today: date | None = None
) -> Objection:
    """Anyone files an objection during the period (the view limits the rate and checks the
    honeypot)."""
    with transaction.atomic():
        if not notice.live or not notice_is_open(notice, today=today):
            raise ResultsRefused(_("不在公示期内，不能在线提交异议。"))
        return Objection.objects.create(
            notice=notice, name=name.strip(), contact=contact.strip(), text=text.strip()
        )


def objection_resolve(*, objection: Objection, outcome: str, resolution: str, user) -> Objection:
    if not user.has_perm("assessments.resolve_objection"):
        raise ResultsRefused(_("处理异议需要成绩审核权限。"))
    if outcome not in ObjectionOutcome.values:
        raise ResultsRefused(_("请选择处理结果。"))
    if not resolution.strip():
        raise ResultsRefused(_("请填写处理意见，说明核实的情况和结论。"))
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        objection.status = ObjectionStatus.RESOLVED
        objection.outcome = outcome
        objection.resolution = resolution.strip()
        objection.resolved_by = user
        objection.resolved_at = timezone.now()
        objection.save()
        audit.record(
            "assessments.objection_resolve",
            actor=user,
            target=objection,
            detail=f"{ObjectionOutcome(outcome).label}：{objection.resolution}",
        )
        return objection


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """wagtail's page_published for notices: start the period and lock the plans' scores (the
    admin's before_publish_page hook has refused a notice whose end cannot be computed)."""
    import logging

    user = getattr(revision, "user", None)
    try:
        notice_published(notice=instance, user=user)
    except ResultsRefused as refused:
        logging.getLogger(__name__).warning("Notice %s has no period: %s", instance.pk, refused)


def connect_signals() -> None:
    from wagtail.signals import page_published

    page_published.connect(
        on_page_published,
        sender=PublicityNoticePage,
        dispatch_uid="assessments.results.notice_published",
    )
