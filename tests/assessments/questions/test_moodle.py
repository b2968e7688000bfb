"""Moodle XML import: the types both know, images, categories, what is skipped, failures."""

import base64

import pytest
from wagtail.images import get_image_model

from assessments.choices import QuestionKind
from assessments.models import Question
from assessments.services.questions import moodle
from tests.assessments.questions import factories as f


def moodle_xml(png: bytes, *, extra: str = "") -> bytes:
    data = base64.b64encode(png).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/基础知识/职业道德</text></category>
  </question>
  <question type="multichoice">
    <name><text>单选一</text></name>
    <questiontext format="html"><text><![CDATA[<p>看图回答
      <img src="@@PLUGINFILE@@/pic.png" alt="示意图">
      <script>alert(1)</script></p>]]></text>
      <file name="pic.png" path="/" encoding="base64">{data}</file></questiontext>
    <generalfeedback format="html"><text>解析文字</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0"><text>甲</text></answer>
    <answer fraction="100"><text><![CDATA[<b>乙</b>]]></text></answer>
    <answer fraction="0"><text>丙</text></answer>
  </question>
  <question type="multichoice">
    <name><text>多选一</text></name>
    <questiontext format="html"><text>选两个</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>A</text></answer>
    <answer fraction="-100"><text>B</text></answer>
    <answer fraction="50"><text>C</text></answer>
  </question>
  <question type="truefalse">
    <name><text>判断一</text></name>
    <questiontext format="html"><text>地球是圆的。</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>填空一</text></name>
    <questiontext format="html"><text>一年有（　）个月。</text></questiontext>
    <answer fraction="100"><text>12</text></answer>
    <answer fraction="100"><text>十二</text></answer>
  </question>
  <question type="essay">
    <name><text>简答一</text></name>
    <questiontext format="html"><text>简述安全生产。</text></questiontext>
    <graderinfo format="html"><text><![CDATA[<p>要点：预防为主</p>]]></text></graderinfo>
  </question>
  <question type="matching"><name><text>配对一</text></name></question>
  <question type="numerical"><name><text>数值一</text></name></question>
  {extra}
</quiz>""".encode()


@pytest.fixture
def occ(loaded_site):
    return f.occupation()


@pytest.fixture
def author(loaded_site):
    return f.member("author", "命题")


def run(occ, author, content, *, dry_run):
    return moodle.import_moodle(
        occupation=occ, level=f.LEVEL, content=content, file_name="quiz.xml", actor=author,
        dry_run=dry_run,
    )  # fmt: skip


def test_known_types_with_images_are_imported_and_the_rest_reported(occ, author):
    content = moodle_xml(f.png_bytes())
    images_before = get_image_model().objects.count()
    preview = run(occ, author, content, dry_run=True)
    assert preview.ok and len(preview.rows) == 5
    assert not Question.objects.exists() and get_image_model().objects.count() == images_before
    assert len(preview.skipped) == 2
    assert "“配对一”：匹配题" in preview.skipped[0] and "数值题" in preview.skipped[1]
    report = run(occ, author, content, dry_run=False)
    assert report.created == 5
    by_kind = {q.kind: q for q in Question.objects.all()}
    assert set(by_kind) == {
        QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE, QuestionKind.BLANK,
        QuestionKind.SHORT,
    }  # fmt: skip
    single = by_kind[QuestionKind.SINGLE]
    assert single.answer == "B" and single.score == 2
    assert single.knowledge_point.path == "基础知识/职业道德"
    assert 'embedtype="image"' in single.stem and "script" not in single.stem
    assert "alert" not in single.stem
    image = get_image_model().objects.latest("pk")
    assert f'id="{image.pk}"' in single.stem and image.width == 40
    assert by_kind[QuestionKind.MULTIPLE].answer == "AC"
    assert by_kind[QuestionKind.TRUE_FALSE].answer == "对"
    assert by_kind[QuestionKind.BLANK].answer == "12 / 十二"
    assert by_kind[QuestionKind.SHORT].answer == "要点：预防为主"


def test_a_wrong_question_stops_the_import(occ, author):
    bad = """<question type="multichoice"><name><text>无答案</text></name>
      <questiontext><text>题</text></questiontext><single>true</single>
      <answer fraction="0"><text>甲</text></answer><answer fraction="0"><text>乙</text></answer>
    </question>"""
    report = run(occ, author, moodle_xml(f.png_bytes(), extra=bad), dry_run=False)
    assert not report.ok and not Question.objects.exists()
    assert report.error_rows[0].stem == "无答案"
    assert "请填写答案" in report.error_rows[0].errors[0]


def test_not_an_image_and_not_moodle(occ, author):
    content = moodle_xml(b"GIF89a not really")
    report = run(occ, author, content, dry_run=True)
    assert any("不是 JPG 或 PNG 图片" in line for line in report.skipped)
    for junk in (b"<html></html>", b"not xml at all", b'<!DOCTYPE quiz [<!ENTITY a "x">]><quiz/>'):
        failed = run(occ, author, junk, dry_run=True)
        assert failed.file_errors and "Moodle XML" in failed.file_errors[0]
