"""Door lists and sign-in sheets per room, ordered by seat, as PDF and XLSX."""

import io
import re

import pytest
from openpyxl import load_workbook

from assessments.services import documents as services
from tests.assessments import pdfcheck
from tests.assessments.factories import sealed_plan

pytestmark = pytest.mark.plugins("assessments")


def _write(kind: str, fmt: str, plan_room) -> bytes:
    _label, write_pdf, write_xlsx = services.SHEETS[kind]
    out = io.BytesIO()
    (write_pdf if fmt == "pdf" else write_xlsx)(out, plan_room)
    return out.getvalue()


@pytest.fixture
def plan(loaded_site):
    return sealed_plan(rooms=2, per_room=4, names=["赵一", "钱二", "孙三", "李四", "周五"])


def test_the_door_list_names_the_room_and_lists_its_candidates_by_seat(plan, tmp_path):
    second = plan.plan_rooms.get(number=2)
    data = _write("door", "pdf", second)
    [page] = pdfcheck.render(data, tmp_path, name="door")
    assert pdfcheck.dark_fraction(page) > 0.01
    text = pdfcheck.text(data)
    assert re.search(r"第\s*02\s*考场", text) and second.room.name in text
    assert "周五" in text and "赵一" not in text  # only this room's candidates
    tickets = re.findall(rf"{plan.code}02\d\d", text)
    assert tickets == sorted(tickets) and len(tickets) == 4
    assert "本考场共 4 人" in text


def test_the_sign_in_sheet_has_a_page_set_per_component_with_masked_ids(plan, tmp_path):
    first = plan.plan_rooms.get(number=1)
    data = _write("sign-in", "pdf", first)
    pdfcheck.render(data, tmp_path, name="sign-in")
    assert pdfcheck.fonts_embedded(data)
    assert pdfcheck.page_count(data) == 2  # theory and skills, one page each
    pages = pdfcheck.text(data).split("\f")
    assert "理论知识考试" in pages[0] and "签到表" in pages[0]
    assert "操作技能考核" in pages[1]
    candidate = plan.candidates.filter(room=first.room).order_by("seat").first()
    assert candidate.application.id_number_masked in pages[0]
    assert candidate.application.id_number not in pages[0]
    assert "考生签名" in pages[0] and "应到 4 人" in pages[0]


def test_a_long_room_continues_on_more_pages(loaded_site):
    plan = sealed_plan(per_room=30, photos=False)
    data = _write("sign-in", "pdf", plan.plan_rooms.get())
    assert pdfcheck.page_count(data) >= 4  # 30 rows with photo cells: 2+ pages per component
    assert pdfcheck.text(data).count("考生签名") == pdfcheck.page_count(data)


def test_xlsx_sheets_are_ordered_by_seat_and_escape_formulas(loaded_site):
    plan = sealed_plan(per_room=3, names=['=HYPERLINK("http://x")', "张三", "+1"])
    plan_room = plan.plan_rooms.get()
    book = load_workbook(io.BytesIO(_write("sign-in", "xlsx", plan_room)))
    assert book.sheetnames == ["理论知识考试", "操作技能考核"]
    rows = list(book["理论知识考试"].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row[0] == "座位号")
    body = rows[header_at + 1 :]
    assert [row[0] for row in body] == [1, 2, 3]
    assert body[0][2] == '\'=HYPERLINK("http://x")' and body[2][2] == "'+1"
    assert all("*" in row[3] for row in body)  # masked ID numbers
    door = load_workbook(io.BytesIO(_write("door", "xlsx", plan_room))).active
    assert any(row[2] == "张三" for row in door.iter_rows(values_only=True))
