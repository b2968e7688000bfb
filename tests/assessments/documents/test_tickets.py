"""Admission tickets: what a candidate and the door staff read on them."""

import io
import re

import pytest

from assessments.selectors import documents as selectors
from assessments.services import documents as services
from tests.assessments import pdfcheck
from tests.assessments.factories import sealed_plan

pytestmark = pytest.mark.plugins("assessments")


def _tickets(plan) -> bytes:
    out = io.BytesIO()
    services.write_plan_tickets(plan=plan, out=out)
    return out.getvalue()


def test_one_ticket_per_seated_candidate_with_everything_the_door_checks(loaded_site, tmp_path):
    plan = sealed_plan(
        rooms=2, per_room=3, names=["乌云其木格", "张三", "李四"], notes="自带计算器。"
    )
    data = _tickets(plan)
    assert pdfcheck.page_count(data) == 6
    assert pdfcheck.fonts_embedded(data)
    pages = pdfcheck.text(data).split("\f")
    first = selectors.seated_candidates(plan=plan).first()
    page = pages[0]
    assert "准考证" in page and first.ticket_number in page
    assert "乌云其木格" in page
    assert first.application.id_number_masked in page
    assert first.application.id_number not in page  # never the full ID number
    assert "电子商务师" in page and plan.specialty in page and "四级" in page
    assert "理论知识考试" in page and "操作技能考核" in page
    assert "09:00–10:30" in page and "14:00–16:00" in page
    assert first.room.name in page and re.search(r"第\s*01\s*考场", page)
    assert "考生须知" in page and "自带计算器" in page
    png = pdfcheck.render(data, tmp_path, resolution=150)[0]
    [url] = pdfcheck.qr_codes(png)
    assert url.endswith(f"/admin/exams/check-in/{first.token}/")
    assert first.ticket_number not in url


def test_the_application_photo_is_on_the_ticket(loaded_site, tmp_path):
    plan = sealed_plan(per_room=1)
    with_photo = _tickets(plan)
    candidate = selectors.seated_candidates(plan=plan).get()
    candidate.application.files.all().delete()
    without = _tickets(plan)
    assert "照片" not in pdfcheck.text(with_photo)  # the placeholder label only without one
    assert "照片" in pdfcheck.text(without)
    # the photo box (upper right) is coloured with the photo, white without it
    box = (400, 100, 480, 200)  # pixels at 60 dpi: the box is 30 × 40 mm below the heading
    [page_with] = pdfcheck.render(with_photo, tmp_path / "a")
    [page_without] = pdfcheck.render(without, tmp_path / "b")
    assert pdfcheck.dark_fraction(page_with, box) > 0.3
    assert pdfcheck.dark_fraction(page_without, box) < 0.1


def test_a_name_the_font_cannot_draw_is_flagged_and_printed_with_a_box(loaded_site):
    plan = sealed_plan(per_room=2, names=["王𠀀明", "张三"])
    flagged = selectors.unprintable_names(plan=plan)
    assert [(f.candidate.application.name, f.chars) for f in flagged] == [("王𠀀明", ["𠀀"])]
    assert "U+20000" in flagged[0].described
    text = pdfcheck.text(_tickets(plan))
    assert "王□明" in text and "手写补全" in text
    assert text.count("手写补全") == 1  # only on that ticket


def test_candidates_not_seated_get_no_ticket(loaded_site):
    plan = sealed_plan(per_room=2)
    released = selectors.seated_candidates(plan=plan).first()
    released.room = released.seat = released.ticket_number = None
    released.save()
    assert pdfcheck.page_count(_tickets(plan)) == 1


@pytest.mark.parametrize(
    ("base", "refused"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost", True),
        ("", True),
        ("https://skills.example.cn", False),
    ],
)
def test_production_refuses_a_local_check_in_address(settings, base, refused):
    # The ticket's QR code is WAGTAILADMIN_BASE_URL + the check-in path: printed with the
    # development default it opens nothing on an invigilator's phone.
    from django.core import checks

    settings.WAGTAILADMIN_BASE_URL = base
    found = {m.id for m in checks.run_checks(tags=["urls"], include_deployment_checks=True)}

    assert ("assessments.E023" in found) is refused
