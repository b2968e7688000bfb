"""Papers: confidential pages and files (who reaches them, every view and download audited),
the paper and key PDFs (CJK font embedded, sections, numbering, the key in printed letters),
the computer-based-exam JSON, sealing to a plan and the 发卷/回收 record."""

import io
import json

import pytest
from django.urls import reverse
from hostsite.models import AuditEntry

from assessments.choices import PaperStatus, QuestionKind
from assessments.models import Question
from assessments.services.questions import assembly
from assessments.services.questions import papers as paper_services
from tests.assessments import factories as plan_factories
from tests.assessments import pdfcheck
from tests.assessments.questions import factories as f

K = QuestionKind


@pytest.fixture
def occ(loaded_site):
    return plan_factories.school_occupation()


@pytest.fixture
def manager(loaded_site):
    return f.member("manager", "题库管理")


def picture():
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    image = get_image_model()(title="示意图")
    image.file.save("diagram.png", ImageFile(io.BytesIO(f.png_bytes((300, 120))), "diagram.png"))
    image.save()
    return image


@pytest.fixture
def paper(occ, manager):
    f.bank(occ, per_kind=6)
    image = picture()
    Question.objects.filter(kind=K.TRUE_FALSE).update(
        stem=f'<p>看图判断：图中是红色。</p><embed alt="示意图" embedtype="image" '
        f'format="fullwidth" id="{image.pk}"/>'
    )
    bp = f.blueprint(
        occ,
        [(K.TRUE_FALSE, 3, 1), (K.SINGLE, 3, 2), (K.MULTIPLE, 2, 2), (K.BLANK, 2, 2),
         (K.SHORT, 1, 10), (K.PRACTICAL, 1, 20)],
    )  # fmt: skip
    return assembly.paper_draw(blueprint=bp, actor=manager, forms=2, seed=42, title="理论知识试卷")


def test_only_the_paper_permission_reaches_papers(client, paper, manager):
    detail = reverse("assessments_paper_detail", args=[paper.pk])
    download = reverse("assessments_paper_download", args=[paper.pk, "A", "paper"])
    for username, groups in (("author", ("命题",)), ("reviewer", ("报名审核",))):
        client.force_login(f.member(username, *groups))
        assert client.get(reverse("assessments_paper_index")).status_code == 403
        assert client.get(detail).status_code == 403
        assert client.get(download).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="assessments.paper_view").exists()
    client.force_login(manager)
    index = client.get(reverse("assessments_paper_index"))
    assert index.status_code == 200 and "理论知识试卷" in index.content.decode()
    assert client.get(detail).status_code == 200
    viewed = AuditEntry.objects.get(action="assessments.paper_view")
    assert viewed.actor == manager and viewed.object_id == str(paper.pk)
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="assessments.paper_download")
    assert entry.actor == manager and entry.detail == "A paper"
    client.get(reverse("assessments_paper_download", args=[paper.pk, "B", "key"]))
    assert AuditEntry.objects.filter(action="assessments.paper_download", detail="B key").exists()
    missing = client.get(reverse("assessments_paper_download", args=[paper.pk, "C", "paper"]))
    assert missing.status_code == 404


def test_the_paper_pdf_has_sections_numbers_and_an_embedded_cjk_font(paper, tmp_path):
    from assessments.services.questions import output

    form = paper.forms.get(label="A")
    data = output.paper_pdf(form)
    assert pdfcheck.fonts_embedded(data)
    text = pdfcheck.text(data)
    for heading in (
        "一、判断题（共 3 题，每题 1 分，共 3 分）",
        "二、单选题",
        "三、多选题",
        "四、填空题",
        "五、简答题",
        "六、实操任务（共 1 题，每题 20 分，共 20 分）",
    ):
        assert heading in text  # fmt: skip
    assert "理论知识试卷 A卷" in text and "考试时间 90 分钟" in text and "满分 47 分" in text
    assert "12." in text and "13." not in text
    assert "参考答案" not in text and "选项0" in text and "看图判断：图中是红色。（" in text
    assert "/Subtype /Image" in data.decode("latin-1")
    pages = pdfcheck.render(data, tmp_path, name="paper-a")
    assert pages and pages[0].stat().st_size > 1000


def test_the_key_follows_the_printed_option_order(paper):
    from assessments.selectors.questions import form_sections
    from assessments.services.questions import output

    for label in ("A", "B"):
        form = paper.forms.get(label=label)
        text = pdfcheck.text(output.key_pdf(form))
        assert pdfcheck.fonts_embedded(output.key_pdf(form))
        for section in form_sections(form):
            for q in section.questions:
                if q.kind == K.SINGLE:
                    # the factories' single-choice answer is the option written "选项0"
                    printed = next(o.letter for o in q.options if o.text == "<p>选项0</p>")
                    assert q.key == printed
                    assert f"{q.number}. {printed}" in text
                if q.kind == K.TRUE_FALSE:
                    assert f"{q.number}. 对" in text


def test_the_computer_based_exam_export(client, paper, manager):
    client.force_login(manager)
    response = client.get(reverse("assessments_paper_download", args=[paper.pk, "B", "json"]))
    data = json.loads(response.content)
    assert data["paper"]["form"] == "B" and data["paper"]["seed"] == "42"
    numbers = [q["number"] for s in data["sections"] for q in s["questions"]]
    assert numbers == list(range(1, 13))
    single = data["sections"][1]["questions"][0]
    assert single["kind"] == "single" and len(single["options"]) == 4
    assert single["answer"] in "ABCD" and single["stem_text"].startswith("single")


def test_sealing_to_a_plan_and_recording_distribution(client, paper, manager, occ):
    plan = plan_factories.exam_plan(rooms=2, occupation=occ, level=f.LEVEL)
    plan_factories.staff_rooms(plan, invigilators=2)
    other_level = plan_factories.exam_plan(rooms=1, occupation=occ, level=3)
    with pytest.raises(paper_services.PaperRefused, match="职业或等级"):
        paper_services.paper_seal(paper=paper, plan=other_level, actor=manager)
    client.force_login(manager)
    client.post(reverse("assessments_paper_seal", args=[paper.pk]), {"plan": plan.pk})
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SEALED and paper.plan == plan
    room1, room2 = plan.plan_rooms.order_by("number")
    url = reverse("assessments_paper_distribution", args=[paper.pk])
    client.post(url, {"plan_room": room1.pk, "form": "A", "copies": 30})
    record = paper.distributions.get()
    assert (record.form.label, record.copies_out) == ("A", 30)
    assert not record.signatures.exists()  # the office records; invigilators sign themselves
    page = client.get(reverse("assessments_paper_detail", args=[paper.pk])).content.decode()
    assert 'name="signed_by"' not in page and 'type="checkbox"' not in page
    assert page.count("未签") == 2  # room 1's two invigilators, 发卷 not yet signed
    client.post(url, {"record": record.pk, "copies": 29})
    record.refresh_from_db()
    assert record.back_at is None  # fewer back than out needs a reason
    client.post(url, {"record": record.pk, "copies": 29, "note": "缺考 1 人，空白卷已销毁"})
    record.refresh_from_db()
    assert record.copies_back == 29
    page = client.get(reverse("assessments_paper_detail", args=[paper.pk])).content.decode()
    assert "缺考 1 人" in page
    assert AuditEntry.objects.filter(action="assessments.paper_distribution").count() == 2
    author = f.member("author", "命题")
    with pytest.raises(paper_services.PaperRefused):
        paper_services.distribution_out(paper=paper, plan_room=room2, form_label="B", copies=1,
                                        actor=author)  # fmt: skip


def test_blueprint_page_shows_shortage_and_draws(client, occ, manager):
    f.bank(occ, per_kind=3)
    bp = f.blueprint(occ, [(K.SINGLE, 2, 2), (K.SHORT, 5, 10)])
    client.force_login(manager)
    page = client.get(reverse("blueprints:inspect", args=[bp.pk])).content.decode()
    assert "题库不足" in page and "简答题 · 不限鉴定点 · 难度不限" in page
    refused = client.post(reverse("assessments_paper_draw", args=[bp.pk]), {"form_count": 2})
    assert refused.status_code == 302 and not bp.papers.exists()
    bp.items.filter(kind=K.SHORT).update(count=1)
    drawn = client.post(reverse("assessments_paper_draw", args=[bp.pk]),
                        {"form_count": 2, "seed": 5, "title": "模拟卷"})  # fmt: skip
    paper = bp.papers.get()
    assert drawn["Location"] == reverse("assessments_paper_detail", args=[paper.pk])
    assert paper.seed == 5 and paper.title == "模拟卷"
    verify = client.get(reverse("assessments_paper_detail", args=[paper.pk]) + "?verify=1")
    assert "结果与本试卷完全相同" in verify.content.decode()


def test_question_pages_do_not_tell_authors_which_questions_a_sealed_paper_holds(
    client, paper, manager, occ
):
    # 命题 may read every question (they write them) but not the papers: a banner on the
    # question's page marking the ones a sealed paper uses would list the exam's questions.
    plan = plan_factories.exam_plan(rooms=1, occupation=occ, level=f.LEVEL)
    paper_services.paper_seal(paper=paper, plan=plan, actor=manager)
    on_paper = paper.forms.get(label="A").items.first().question
    banner = "此题已用于封存的试卷"

    client.force_login(f.member("author", "命题"))
    page = client.get(reverse("questions:inspect", args=[on_paper.pk]))
    assert page.status_code == 200 and banner not in page.content.decode()

    client.force_login(manager)
    page = client.get(reverse("questions:inspect", args=[on_paper.pk]))
    assert banner in page.content.decode()


def test_a_stem_with_its_own_answer_brackets_gets_no_second_pair(paper):
    # The import template's examples write choice stems as "…不超过（　）小时。": the paper
    # printed another "（　　）" after them.
    from assessments.services.questions import output

    Question.objects.filter(kind=K.SINGLE).update(stem="<p>下列说法正确的是（　）。</p>")
    Question.objects.filter(kind=K.MULTIPLE).update(stem="<p>下列属于网店推广方式的有( )。</p>")

    text = pdfcheck.text(output.paper_pdf(paper.forms.get(label="A")))

    lines = [line for line in text.splitlines() if "下列说法正确的是" in line]
    assert len(lines) == 3 and all(line.count("（") == 1 for line in lines), lines
    lines = [line for line in text.splitlines() if "下列属于网店推广方式的有" in line]
    assert len(lines) == 2 and all(line.count("(") + line.count("（") == 1 for line in lines), lines
    judged = [line for line in text.splitlines() if "看图判断" in line]
    assert judged and all("（" in line for line in judged)  # a bracket where the stem has none
