"""The shared PDF toolkit: Chinese text in the repository's embedded font, the check for names
it cannot draw, QR codes a scanner reads, photos in their box, tables over several pages."""

import io
import re

import pytest
from PIL import Image

from assessments import pdf
from assessments.pdf.fonts import FONT_FILE, LICENCE_FILE
from tests.assessments import pdfcheck


def _one_page(draw) -> bytes:
    out = io.BytesIO()
    canvas = pdf.new_canvas(out, title="测试")
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_the_font_lives_in_the_repository_with_its_licence():
    assert FONT_FILE.is_file() and FONT_FILE.stat().st_size > 1_000_000
    assert "Apache" in LICENCE_FILE.read_text(encoding="utf-8")


def test_chinese_text_is_embedded_and_comes_back(tmp_path):
    data = _one_page(
        lambda c: (c.setFont(pdf.FONT, 18), c.drawString(60, 760, "锡林郭勒盟 准考证 乌云其木格"))
    )
    fonts = pdfcheck.fonts(data)
    assert fonts and all(row["emb"] == "yes" for row in fonts), fonts
    assert any("WenQuanYiMicroHei" in row["name"] for row in fonts)
    assert not any("Helvetica" in row["name"] for row in fonts)  # no stray unembedded font
    assert "锡林郭勒盟 准考证 乌云其木格" in pdfcheck.text(data)
    [page] = pdfcheck.render(data, tmp_path)
    assert pdfcheck.dark_fraction(page) > 0.001  # the glyphs are drawn, not empty boxes


def test_the_font_is_a_subset_so_a_page_stays_small():
    data = _one_page(lambda c: c.drawString(60, 760, "考生姓名"))
    assert len(data) < 60_000  # the whole 5 MB font would be embedded otherwise


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("张三", []),
        ("乌云其木格", []),
        ("王𠀀明", ["𠀀"]),  # U+20000, CJK Extension B
        ("𪚥𪚥李", ["𪚥"]),  # U+2A6A5, reported once
        ("Zhang San·张", []),
    ],
)
def test_names_the_font_cannot_draw_are_flagged(name, missing):
    assert pdf.undrawable_chars(name) == missing
    assert pdf.can_draw(name) is (not missing)


def test_a_flagged_character_is_described_by_its_code_point():
    assert pdf.describe_chars(["𠀀", "𪚥"]) == "𠀀 (U+20000)、𪚥 (U+2A6A5)"


def test_the_qr_code_is_read_back_by_a_scanner(tmp_path):
    url = "https://skills.example.cn/exams/check-in/Zq3v9T0b_pX2aL7mN4rS1uW8yE6cH5dK"
    data = _one_page(lambda c: pdf.draw_qr(c, url, 200, 400, 40 * pdf.mm))
    [page] = pdfcheck.render(data, tmp_path, resolution=150)
    assert pdfcheck.qr_codes(page) == [url]


def _photo_bytes(color=(200, 30, 30), size=(300, 420)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_fills_its_box_and_a_missing_one_leaves_a_labelled_frame(tmp_path):
    box = (100, 500, 25 * pdf.mm, 35 * pdf.mm)

    def draw(canvas):
        assert pdf.draw_photo(canvas, _photo_bytes(), *box) is True
        assert pdf.draw_photo(canvas, None, 300, 500, 25 * pdf.mm, 35 * pdf.mm) is False
        assert pdf.draw_photo(canvas, b"not an image", 450, 500, 25 * pdf.mm, 35 * pdf.mm) is False

    data = _one_page(draw)
    [page] = pdfcheck.render(data, tmp_path, resolution=72)
    with Image.open(page) as image:
        height = image.height
        red = image.convert("RGB").getpixel((int(100 + 30), int(height - 500 - 40)))
        blank = image.convert("RGB").getpixel((int(300 + 10), int(height - 500 - 10)))
    assert red[0] > 150 and red[1] < 90  # the photo
    assert blank == (255, 255, 255)  # nothing but the frame and its label
    assert pdfcheck.text(data).count("照片") == 2


def test_a_long_table_continues_on_further_pages_with_its_header_and_page_numbers():
    rows = [["座位号", "姓名", "签名"]] + [[f"{n:02d}", f"考生{n}", ""] for n in range(1, 121)]
    out = io.BytesIO()
    pages = pdf.build_document(
        out,
        [
            pdf.paragraph("第一考场 签到表", 16),
            pdf.table(rows, [25 * pdf.mm, 60 * pdf.mm, 60 * pdf.mm]),
        ],
        title="签到表",
        on_page=pdf.page_footer("理论知识考试"),
    )
    data = out.getvalue()
    assert pages == pdfcheck.page_count(data) > 1
    text = pdfcheck.text(data)
    assert text.count("座位号") == pages  # header repeated on every page
    assert "考生120" in text
    assert re.search(rf"第\s*{pages}\s*页", text)
    assert pdfcheck.fonts_embedded(data)


def test_paragraph_text_is_escaped_and_wraps_between_chinese_characters():
    data = _one_page(
        lambda c: pdf.draw_paragraph(
            c, "考生须知：" + "考试开始三十分钟后不得入场。" * 8 + "<b>&", 60, 760, 200, 10
        )
    )
    text = pdfcheck.text(data)
    assert "<b>&" in text
    assert len([line for line in text.splitlines() if line.strip()]) > 3


def test_wrapped_lines_fit_and_never_start_with_closing_punctuation():
    text = "考生须持本准考证和有效居民身份证原件，提前30分钟到达考点，按考场和座位号入座。" * 3
    width = 180
    lines = pdf.wrap_text(text, width, 10)
    assert "".join(lines) == text
    assert len(lines) > 3
    assert not any(line[0] in pdf.NO_LINE_START for line in lines)
    for line in lines:  # a line is too wide only by the punctuation hanging at its end
        trimmed = line[:-1] if line[-1] in pdf.NO_LINE_START else line
        assert pdf.text_width(trimmed, 10) <= width
    assert pdf.wrap_text("ABCDEFGH 12345", 1000, 10) == ["ABCDEFGH 12345"]


def test_a_grid_draws_its_text_and_wraps_long_cells():
    rows = [["科目", "地点"], ["理论知识考试", "第一考点 教学楼101（锡林浩特市锡林大街1号）" * 2]]

    def draw(canvas):
        height = pdf.draw_grid(canvas, rows, [30 * pdf.mm, 50 * pdf.mm], 60, 700)
        assert height > 3 * 10 * 1.3  # the long cell wrapped onto several lines

    text = pdfcheck.text(_one_page(draw))
    assert "理论知识考试" in text and "锡林大街1号" in text
