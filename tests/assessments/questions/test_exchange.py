"""Importing questions from XLSX/CSV (dry run, row errors in Chinese, all or nothing), the
template, and exporting them back with formulas made inert."""

import io

import pytest
from hostsite.models import AuditEntry
from openpyxl import load_workbook

from assessments.choices import QuestionKind, QuestionStatus
from assessments.models import KnowledgePoint, Question
from assessments.services.questions import exchange
from tests.assessments.questions import factories as f

GOOD = [
    ["判断题", "基础知识/职业道德", "诚实守信是职业道德的基本要求。", *[""] * 8, "√", "", 1, 1],
    ["单选", "基础知识/法律法规", "每日工作时间不超过（　）小时。", "6", "8", "10", "", "", "", "",
     "", "b", "劳动法", 2, 2],
    ["多选题", "", "网店推广方式有（　）。", "搜索优化", "直通车", "关店", "", "", "", "", "",
     "A,B", "", 2, 3],
    ["实操任务", "操作技能", "发布一件商品。", *[""] * 8, "按评分表给分", "", 20, 3],
]  # fmt: skip


@pytest.fixture
def occ(loaded_site):
    return f.occupation()


@pytest.fixture
def author(loaded_site):
    return f.member("author", "命题")


def run(occ, author, content, *, dry_run, name="bank.xlsx"):
    return exchange.import_questions(
        occupation=occ, level=f.LEVEL, content=content, file_name=name, actor=author,
        dry_run=dry_run,
    )  # fmt: skip


def test_dry_run_writes_nothing_then_import_creates_drafts(occ, author):
    content = f.xlsx(GOOD)
    report = run(occ, author, content, dry_run=True)
    assert report.ok and len(report.rows) == 4 and report.created == 0
    assert set(report.new_points) == {"基础知识/职业道德", "基础知识/法律法规", "操作技能"}
    assert not Question.objects.exists() and not KnowledgePoint.objects.exists()
    report = run(occ, author, content, dry_run=False)
    assert report.created == 4
    questions = list(Question.objects.order_by("pk"))
    assert [q.kind for q in questions] == [
        QuestionKind.TRUE_FALSE,
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.PRACTICAL,
    ]
    assert [q.answer for q in questions[:3]] == ["对", "B", "AB"]
    assert all(q.status == QuestionStatus.DRAFT and q.author == author for q in questions)
    assert questions[1].knowledge_point.path == "基础知识/法律法规"
    assert questions[1].options.count() == 3
    assert questions[0].events.get().note.startswith("导入")
    assert AuditEntry.objects.filter(action="assessments.questions_import", row_count=4).exists()


def test_one_bad_row_stops_the_whole_file_and_each_error_names_its_row(occ, author):
    rows = [
        *GOOD,
        ["论述题", "", "未知题型", *[""] * 8, "x", "", 1, 1],
        ["单选题", "", "答案不在选项中", "甲", "乙", *[""] * 6, "D", "", 1, 9],
        ["判断题", "", "", *[""] * 8, "也许", "", "两分", ""],
    ]
    report = run(occ, author, f.xlsx(rows), dry_run=False)
    assert not report.ok and report.created == 0
    assert not Question.objects.exists() and not KnowledgePoint.objects.exists()
    errors = {row.number: " ".join(row.errors) for row in report.error_rows}
    assert set(errors) == {6, 7, 8}
    assert "无法识别题型“论述题”" in errors[6]
    assert "不在选项 A、B 之中" in errors[7] and "难度应为 1 到 5" in errors[7]
    assert "请填写题干" in errors[8] and "“对”或“错”" in errors[8] and "不是数字" in errors[8]


def test_csv_in_gb18030_and_file_level_errors(occ, author):
    content = f.csv_bytes(
        [{"题型": "填空题", "题干": "转化率等于成交人数除以（　）人数。", "答案": "访客"}],
        encoding="gb18030",
    )
    report = run(occ, author, content, dry_run=False, name="题库.csv")
    assert report.created == 1 and Question.objects.get().answer == "访客"
    missing = run(occ, author, f.xlsx([["x"]], headers=["题型", "题目"]), dry_run=True)
    assert missing.file_errors == ["缺少必需的列：题干、答案。请使用导入模板（第一行是表头）。"]
    broken = run(occ, author, b"PK\x03\x04broken", dry_run=True)
    assert "已损坏" in broken.file_errors[0]
    empty = run(occ, author, f.xlsx([]), dry_run=True)
    assert empty.file_errors == ["文件中除表头外没有数据。"]


def test_a_formula_cell_is_refused(occ, author):
    rows = [["判断题", "", '=HYPERLINK("http://x","点我")', *[""] * 8, "对", "", 1, 1]]
    report = run(occ, author, f.xlsx(rows), dry_run=True)
    assert "“题干”是公式" in report.error_rows[0].errors[0]


def test_the_template_imports_as_it_is(occ, author):
    stream = io.BytesIO()
    exchange.question_template(stream)
    book = load_workbook(io.BytesIO(stream.getvalue()))
    assert book.sheetnames == ["试题", "填写说明"]
    report = run(occ, author, stream.getvalue(), dry_run=False, name="模板.xlsx")
    assert report.created == len(exchange.TEMPLATE_EXAMPLES) == 6


def test_export_round_trips_and_neutralises_formulas(occ, author):
    run(occ, author, f.xlsx(GOOD), dry_run=False)
    q = Question.objects.get(kind=QuestionKind.PRACTICAL)
    q.stem = "<p>=1+2 发布商品</p>"
    q.save()
    stream = io.BytesIO()
    count = exchange.export_questions(
        questions=exchange.export_queryset(occupation=occ, level=f.LEVEL, status=None),
        actor=author, stream=stream, file_format="xlsx",
    )  # fmt: skip
    assert count == 4
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["编号", "版本", "状态", "题型", "鉴定点"]
    assert values[4][5] == "'=1+2 发布商品"
    assert values[2][3:6] == ["单选题", "基础知识/法律法规", "每日工作时间不超过（　）小时。"]
    # the exported file (without the first three columns) imports again
    again = f.xlsx([row[3:] for row in values[1:]])
    assert run(occ, author, again, dry_run=True).ok
