"""The admin screens of the results area: the score grid (all or nothing, audited, locked), the
XLSX/CSV import with its dry run, the mismatch list and resolving objections."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from hostsite.models import AuditEntry

from assessments.choices import ComponentKind
from assessments.models.notices import Objection
from assessments.models.results import PlanScoring, Score
from assessments.services.results import ScoreInput, score_entry_record
from tests.assessments.factories import candidates, exam_plan, exam_staff
from tests.assessments.results.support import notice_for

THEORY, SKILLS = ComponentKind.THEORY, ComponentKind.SKILLS


def seated(plan, count):
    people = candidates(plan, count)
    for n, person in enumerate(people, start=1):
        person.ticket_number = f"{plan.code}01{n:02d}"
        person.save(update_fields=["ticket_number"])
    return people


@pytest.fixture
def clerk_client(loaded_site, client):
    user = exam_staff("grid-clerk")
    user.groups.add(Group.objects.get(name="成绩录入"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def reviewer_client(loaded_site, client):
    user = exam_staff("grid-reviewer")
    user.groups.add(Group.objects.get(name="成绩审核"))
    client.force_login(user)
    client.user = user
    return client


def test_clerks_see_only_their_plans_and_the_grid_saves_all_or_nothing(clerk_client):
    plan, other = exam_plan(), exam_plan()
    first, second = seated(plan, 2)
    PlanScoring.objects.create(plan=plan).clerks.add(clerk_client.user)
    listing = clerk_client.get("/admin/scores/").content.decode()
    assert str(plan) in listing and str(other) not in listing
    assert clerk_client.get(f"/admin/scores/{other.pk}/").status_code in (302, 403)

    grid = f"/admin/scores/{plan.pk}/"
    page = clerk_client.get(grid).content.decode()
    assert first.application.name in page and "理论知识考试" in page and "综合评审" not in page
    wrong = clerk_client.post(
        grid,
        {f"c-{first.pk}-theory": "88", f"c-{second.pk}-theory": "八十八"},
    )
    assert wrong.status_code == 400 and "不是分数" in wrong.content.decode()
    assert not Score.objects.exists()
    saved = clerk_client.post(
        grid,
        {
            f"c-{first.pk}-theory": "88",
            f"c-{first.pk}-skills": "72",
            f"c-{second.pk}-theory": "缺考",
            f"r-{second.pk}": "未到考场",
        },
        follow=True,
    )
    assert "已保存 3 项成绩" in saved.content.decode()
    assert Score.objects.get(candidate=second, component=THEORY).mark_reason == "未到考场"
    assert AuditEntry.objects.filter(action="assessments.score_change").count() == 3


def test_a_clerk_cannot_change_a_published_score_a_reviewer_can_with_a_reason(clerk_client, client):
    plan = exam_plan()
    (person,) = seated(plan, 1)
    PlanScoring.objects.create(plan=plan).clerks.add(clerk_client.user)
    clerk_client.post(
        f"/admin/scores/{plan.pk}/", {f"c-{person.pk}-theory": "70", f"c-{person.pk}-skills": "70"}
    )
    notice = notice_for(plan)
    refused = clerk_client.post(
        f"/admin/scores/{plan.pk}/", {f"c-{person.pk}-theory": "75", "reason": "复核"}
    )
    assert refused.status_code == 400 and "成绩已公示并锁定" in refused.content.decode()
    reviewer = exam_staff("late-reviewer")
    reviewer.groups.add(Group.objects.get(name="成绩审核"))
    client.force_login(reviewer)
    no_reason = client.post(f"/admin/scores/{plan.pk}/", {f"c-{person.pk}-theory": "75"})
    assert "请填写修改原因" in no_reason.content.decode()
    client.post(f"/admin/scores/{plan.pk}/", {f"c-{person.pk}-theory": "75", "reason": "复核更正"})
    assert Score.objects.get(candidate=person, component=THEORY).value == 75
    notice.period.refresh_from_db()
    assert notice.period.reopen_reason == "复核更正"


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("scores.xlsx", buffer.getvalue())


def confirm_token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the preview offers no confirmation"
    return match.group(1)


def test_import_checks_the_whole_file_first_and_writes_nothing_when_a_row_is_wrong(
    reviewer_client, django_capture_on_commit_callbacks
):
    plan = exam_plan()
    first, second = seated(plan, 2)
    url = f"/admin/scores/{plan.pk}/import/"
    template = reviewer_client.get(url + "template/")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["准考证号", "姓名", "理论知识考试", "操作技能考核", "原因"]
    assert sheet.cell(2, 1).value == first.ticket_number

    bad = xlsx(
        [
            header,
            [first.ticket_number, first.application.name, 90, 80, None],
            [second.ticket_number, "别人", 101, "违纪", None],
            ["X1", "某某", 60, 60, None],
        ]
    )
    checked = reviewer_client.post(url, {"file": bad})
    html = checked.content.decode()
    assert checked.status_code == 400
    assert "姓名与准考证号不符" in html and "超出 0 到 100" in html
    assert "请填写原因" in html and "准考证号 X1 不在本考试计划中" in html
    assert not Score.objects.exists()

    good = xlsx(
        [
            header,
            [first.ticket_number, first.application.name, 90, 80, None],
            [second.ticket_number, second.application.name, "缺考", 66.5, "病假"],
        ]
    )
    preview = reviewer_client.post(url, {"file": good})
    assert preview.status_code == 200 and "理论知识考试：（空） → 90" in preview.content.decode()
    assert not Score.objects.exists()  # a dry run
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the job
        started = reviewer_client.post(url, {"token": confirm_token(preview)})
    done = reviewer_client.get(started["Location"])
    assert "已导入，4 项成绩有变化" in done.content.decode()
    assert Score.objects.get(candidate=second, component=SKILLS).value == 66.5
    assert AuditEntry.objects.filter(action="assessments.score_import").exists()


def test_import_reads_csv_too(reviewer_client, django_capture_on_commit_callbacks):
    plan = exam_plan()
    (person,) = seated(plan, 1)
    text = (
        "准考证号,姓名,理论知识考试,操作技能考核,原因\n"
        f"{person.ticket_number},{person.application.name},61,62,\n"
    )
    upload = SimpleUploadedFile("scores.csv", text.encode("utf-8-sig"))
    preview = reviewer_client.post(f"/admin/scores/{plan.pk}/import/", {"file": upload})
    assert preview.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(f"/admin/scores/{plan.pk}/import/", {"token": confirm_token(preview)})
    assert Score.objects.filter(candidate=person).count() == 2


def test_reviewers_settle_mismatches_in_the_list(reviewer_client):
    plan = exam_plan()
    (person,) = seated(plan, 1)
    PlanScoring.objects.create(plan=plan, double_entry=True)
    one, two = exam_staff("e1"), exam_staff("e2")
    score_entry_record(cell=ScoreInput(person, THEORY, 68), round=1, user=one)
    score_entry_record(cell=ScoreInput(person, THEORY, 86), round=2, user=two)
    url = f"/admin/scores/{plan.pk}/mismatches/"
    assert "68" in reviewer_client.get(url).content.decode()
    reviewer_client.post(
        url, {"pair": f"{person.pk}-theory", "value": "86", "reason": "核对原始试卷"}
    )
    assert Score.objects.get(candidate=person).value == 86
    assert "没有不一致的录入" in reviewer_client.get(url).content.decode()


def test_objections_are_resolved_in_the_admin_with_contacts_masked_in_the_list(reviewer_client):
    plan = exam_plan()
    notice = notice_for(plan)
    objection = Objection.objects.create(
        notice=notice, name="王五", contact="13900001111", text="有异议"
    )
    listing = reviewer_client.get("/admin/objections/").content.decode()
    assert "139****1111" in listing and "13900001111" not in listing
    edit = f"/admin/objections/edit/{objection.pk}/"
    missing = reviewer_client.post(edit, {"outcome": "rejected", "resolution": ""})
    assert "请填写处理意见" in missing.content.decode()
    reviewer_client.post(edit, {"outcome": "rejected", "resolution": "经核实，成绩无误。"})
    objection.refresh_from_db()
    assert objection.status == "resolved" and objection.outcome == "rejected"


def test_reviewers_set_a_plans_pass_rule_double_entry_and_clerks(reviewer_client):
    plan = exam_plan()
    clerk = exam_staff("assigned-clerk")
    form = reviewer_client.get("/admin/plan_scoring/new/")
    assert form.status_code == 200 and "各科目均达到 60 分" in form.content.decode()
    response = reviewer_client.post(
        "/admin/plan_scoring/new/",
        {"plan": plan.pk, "pass_rule": "all-components-60", "double_entry": "on",
         "clerks": [clerk.pk]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    scoring = PlanScoring.objects.get(plan=plan)
    assert scoring.double_entry and list(scoring.clerks.all()) == [clerk]
