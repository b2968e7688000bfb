"""Admission tickets (准考证): one A4 page per candidate, drawn with assessments.pdf.

A ticket shows the school, the plan, the candidate's name, masked ID number and photo, the
occupation and level, each component's date, time and place, room, seat and ticket number,
the exam rules, and a QR code with the candidate's check-in address (its unguessable token,
never the ticket number). A name the font cannot draw prints with □ for each such character
and a note to complete it by hand; the plan's documents page lists those names beforehand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import pdf
from assessments.models import Candidate, ExamPlan, PlanComponent
from assessments.selectors import documents as selectors

MISSING_GLYPH = "□"
#: A fixed QR mask pattern: segno's search for the best of eight is most of a ticket's time.
QR_MASK = 2

#: The exam rules printed on every ticket (the plan's own 考试须知 follow them).
RULES = (
    "1. 考生须持本准考证和有效居民身份证原件，提前30分钟到达考点，按考场和座位号入座。",
    "2. 理论知识考试开考30分钟后不得入场，开考60分钟内不得交卷离场。",
    "3. 除规定文具外，手机、智能手表等电子设备一律关机并存放在指定位置，不得带至座位。",
    "4. 遵守考场纪律，服从考务人员管理；违纪作弊者按有关规定处理，成绩无效。",
    "5. 入场时请出示本证二维码供考务人员扫描签到；本证请妥善保管，不得涂改、转借。",
)


def check_in_url(candidate: Candidate) -> str:
    """The absolute address the ticket's QR code carries (a staff-only page)."""
    return check_in_url_for(candidate.token)


def printable_name(name: str) -> str:
    """The name with each character the font cannot draw replaced by □ (to complete by hand)."""
    missing = set(pdf.undrawable_chars(name))
    return "".join(MISSING_GLYPH if char in missing else char for char in name)


def school_name() -> str:
    from hostsite.models import ContactSettings
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    name = ContactSettings.for_site(site).organisation_name if site else ""
    return name or settings.WAGTAIL_SITE_NAME


PHOTO_W, PHOTO_H = 30 * pdf.mm, 40 * pdf.mm
QR_SIZE = 34 * pdf.mm
RULES_SIZE = 9.5


@dataclass
class PlanContext:
    """What every ticket of a plan shares, worked out once for a batch: texts, the component
    rows, the rules already broken into lines, the check-in address prefix."""

    plan: ExamPlan
    school: str
    components: list[PlanComponent]
    room_numbers: dict[int, int]  # room id → number within the plan
    labels: dict[str, str] = field(default_factory=dict)
    rules_lines: list[str] = field(default_factory=list)
    check_in_prefix: str = ""

    @classmethod
    def of(cls, plan: ExamPlan) -> PlanContext:
        width = pdf.A4[0] - 36 * pdf.mm - QR_SIZE - 6 * pdf.mm
        rules = "\n".join(RULES) + (f"\n{plan.notes}" if plan.notes else "")
        marker = "TOKEN"
        url = check_in_url_for(marker)
        return cls(
            plan=plan,
            school=school_name(),
            components=selectors.plan_components(plan),
            room_numbers=dict(plan.plan_rooms.values_list("room_id", "number")),
            labels={
                "title": _("职业技能等级认定 准考证"),
                "ticket": _("准考证号"),
                "name": _("姓名"),
                "id": _("身份证号"),
                "occupation": _("职业（工种）"),
                "level": _("等级"),
                "room": _("考场"),
                "seat": _("座位号"),
                "kind": _("考核科目"),
                "date": _("日期"),
                "time": _("时间"),
                "place": _("考点及考场"),
                "rules": _("考生须知"),
                "qr": _("入场签到码（考务人员扫描）"),
                "note": _("注：姓名中的 □ 为系统无法打印的生僻字，请考务人员手写补全并加盖公章。"),
                "footer": _("本准考证由%(school)s签发，打印有效。") % {"school": school_name()},
                "room_number": _("第%(number)02d考场 "),
            },
            rules_lines=pdf.wrap_text(rules, width, RULES_SIZE),
            check_in_prefix=url[: url.index(marker)],
        )

    def room_label(self, candidate: Candidate) -> str:
        number = self.room_numbers.get(candidate.room_id)
        prefix = self.labels["room_number"] % {"number": number} if number else ""
        return f"{prefix}{candidate.room.name}"

    def check_in_url(self, candidate: Candidate) -> str:
        return f"{self.check_in_prefix}{candidate.token}/"


def check_in_url_for(token: str) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("assessments_check_in", args=[token])


def _component_rows(context: PlanContext, candidate: Candidate) -> list[list[str]]:
    labels = context.labels
    rows = [[labels["kind"], labels["date"], labels["time"], labels["place"]]]
    for component in context.components:
        end = timezone.localtime(component.ends_at)
        place = component.venue.name
        if component.venue_id == candidate.room.venue_id:
            place = f"{place} {context.room_label(candidate)}"
        if component.venue.address:
            place = f"{place}（{component.venue.address}）"
        rows.append(
            [
                component.get_kind_display(),
                f"{component.date.year}年{component.date.month:02d}月{component.date.day:02d}日",
                f"{component.start:%H:%M}–{end:%H:%M}",
                place,
            ]
        )
    return rows


def draw_ticket(canvas, context: PlanContext, candidate: Candidate, photo=None) -> None:
    """Draw one ticket on the current page of ``canvas`` (the caller calls showPage)."""
    width, height = pdf.A4
    left, right = 18 * pdf.mm, width - 18 * pdf.mm
    plan, application, labels = context.plan, candidate.application, context.labels
    canvas.setFont(pdf.FONT, 15)
    canvas.drawCentredString(width / 2, height - 22 * pdf.mm, context.school)
    canvas.setFont(pdf.FONT, 20)
    canvas.drawCentredString(width / 2, height - 33 * pdf.mm, labels["title"])
    canvas.setFont(pdf.FONT, 10)
    canvas.drawCentredString(width / 2, height - 40 * pdf.mm, str(plan))

    name = printable_name(application.name)
    occupation = application.occupation.title
    if plan.specialty:
        occupation = f"{occupation}（{plan.specialty}）"
    fields = [
        [labels["ticket"], candidate.ticket_number or ""],
        [labels["name"], name],
        [labels["id"], application.id_number_masked],
        [labels["occupation"], occupation],
        [labels["level"], plan.level_label],
        [labels["room"], context.room_label(candidate)],
        [labels["seat"], f"{candidate.seat:02d}"],
    ]
    top = height - 48 * pdf.mm
    table_width = right - left - PHOTO_W - 6 * pdf.mm
    used = pdf.draw_grid(
        canvas,
        fields,
        [28 * pdf.mm, table_width - 28 * pdf.mm],
        left,
        top,
        size=11,
        header_rows=0,
        padding=4,
        min_row_height=PHOTO_H / 7,
    )
    pdf.draw_photo(canvas, photo, right - PHOTO_W, top - PHOTO_H, PHOTO_W, PHOTO_H)
    top -= max(used, PHOTO_H) + 5 * pdf.mm
    if name != application.name:
        canvas.setFont(pdf.FONT, 9)
        canvas.drawString(left, top + 1.5 * pdf.mm, labels["note"])
        top -= 4 * pdf.mm

    rows = _component_rows(context, candidate)
    widths = [28 * pdf.mm, 34 * pdf.mm, 25 * pdf.mm, right - left - 87 * pdf.mm]
    top -= pdf.draw_grid(canvas, rows, widths, left, top, size=10, padding=4) + 6 * pdf.mm

    canvas.setFont(pdf.FONT, 12)
    canvas.drawString(left, top - 4 * pdf.mm, labels["rules"])
    top -= 8 * pdf.mm
    canvas.setFont(pdf.FONT, RULES_SIZE)
    leading = RULES_SIZE * 1.45
    for n, line in enumerate(context.rules_lines):
        canvas.drawString(left, top - (n + 1) * leading + 2, line)

    pdf.draw_qr(
        canvas, context.check_in_url(candidate), right - QR_SIZE, 22 * pdf.mm, QR_SIZE, mask=QR_MASK
    )
    canvas.setFont(pdf.FONT, 8)
    canvas.drawCentredString(right - QR_SIZE / 2, 19 * pdf.mm, labels["qr"])
    canvas.drawString(left, 12 * pdf.mm, labels["footer"])


def _photo_reader(candidate: Candidate):
    photo = selectors.candidate_photo(candidate)
    if photo is None:
        return None
    try:
        with photo.file.open("rb") as handle:
            return pdf.photo_reader(handle.read(), width=PHOTO_W, height=PHOTO_H)
    except (OSError, ValueError):
        return None


def write_tickets(
    out: IO[bytes],
    plan: ExamPlan,
    candidates: Iterable[Candidate],
    *,
    total: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    every: int = 50,
) -> int:
    """Draw one page per candidate into ``out``; returns the page count."""
    context = PlanContext.of(plan)
    canvas = pdf.new_canvas(out, title=_("准考证"), author=context.school)
    pages = 0
    for candidate in candidates:
        draw_ticket(canvas, context, candidate, _photo_reader(candidate))
        canvas.showPage()
        pages += 1
        if progress is not None and pages % every == 0:
            progress(pages, total or pages)
    if pages == 0:
        canvas.setFont(pdf.FONT, 14)
        canvas.drawString(30 * pdf.mm, pdf.A4[1] / 2, _("本计划尚无已编排座位的考生。"))
        canvas.showPage()
    canvas.save()
    if progress is not None:
        progress(pages, total or pages)
    return pages
