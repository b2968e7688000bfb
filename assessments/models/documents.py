"""Check-in at the door (入场签到): a candidate marked present for one component of the plan;
and the release of a plan's tickets (its candidates notified once, when it is first sealed).

One check-in row per candidate and component (a database constraint: scanning twice, or two
invigilators scanning at once, records one check-in). Tickets and sign-in sheets are drawn from
the plans area's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CheckIn", "TicketRelease"]


class CheckIn(models.Model):
    candidate = models.ForeignKey(
        "assessments.Candidate",
        verbose_name=_("考生"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    component = models.ForeignKey(
        "assessments.PlanComponent",
        verbose_name=_("考核科目"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    checked_in_at = models.DateTimeField(_("签到时间"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["checked_in_at", "pk"]
        verbose_name = _("入场签到")
        verbose_name_plural = _("入场签到")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "component"], name="one_check_in_per_component"
            ),
        ]

    def __str__(self):
        return f"{self.candidate_id} {self.component_id} {self.checked_in_at:%H:%M}"


class TicketRelease(models.Model):
    """A plan's tickets were released: its candidates were told (once) to print them."""

    plan = models.OneToOneField(
        "assessments.ExamPlan",
        verbose_name=_("考试计划"),
        on_delete=models.CASCADE,
        related_name="ticket_release",
    )
    released_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("准考证发布")
        verbose_name_plural = _("准考证发布")

    def __str__(self):
        return f"{self.plan_id} {self.released_at:%Y-%m-%d %H:%M}"
