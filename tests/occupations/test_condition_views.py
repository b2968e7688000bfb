"""The occupation editor's "粘贴申报条件" and "按文字重新识别条款" screens: proposals shown per
condition before anything is saved, and nothing saved without the editor's decision."""

import html
import re

import pytest
from wagtail.models import Revision

from occupations.condition_edits import draft_of, levels_data
from occupations.models import OccupationPage

# 养老护理员 (2019), 三级: not in the school's data.
PASSAGE = """具备以下条件之一者，可申报三级/高级工：
（1）取得本职业或相关职业四级/中级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作5年（含）以上。
（2）年满18周岁，累计从事本职业或相关职业工作8年（含）以上。
（3）具有大专及以上本专业或相关专业毕业证书，并取得本职业或相关职业四级/中级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作2年（含）以上。
"""


@pytest.fixture
def programmer():
    return OccupationPage.objects.get(title="计算机程序设计员")


def paste_url(page):
    return f"/admin/occupations/{page.pk}/conditions/paste/"


def rederive_url(page):
    return f"/admin/occupations/{page.pk}/conditions/rederive/"


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def text(response):
    return html.unescape(response.content.decode())


def read(client, page, passage=PASSAGE, level=""):
    return client.post(
        paste_url(page), {"specialty": 0, "level": level, "passage": passage, "action": "read"}
    )


def rows_post(passage=PASSAGE, action="save", rows=(), level=""):
    data = {
        "specialty": 0,
        "level": level,
        "passage": passage,
        "action": action,
        "c-TOTAL_FORMS": len(rows),
        "c-INITIAL_FORMS": len(rows),
        "c-MIN_NUM_FORMS": 0,
        "c-MAX_NUM_FORMS": 50,
    }
    for i, row in enumerate(rows):
        data[f"c-{i}-number"] = row["number"]
        data[f"c-{i}-text"] = row["text"]
        data[f"c-{i}-shown_text"] = row.get("shown_text", row["text"])
        if row.get("decision"):
            data[f"c-{i}-decision"] = row["decision"]
    return data


def shown_rows(response):
    """(number, text) of each proposal row as the page shows it."""
    page = text(response)
    numbers = re.findall(r'name="c-\d+-number" value="(\d+)"', page)
    texts = re.findall(r'name="c-\d+-text"[^>]*>\s*([^<]*)</textarea>', page)
    return [(int(n), t.strip()) for n, t in zip(numbers, texts, strict=True)]


def test_a_pasted_passage_is_split_and_each_proposal_shown_before_anything_is_saved(
    admin_client, programmer
):
    before = revisions(programmer)

    response = read(admin_client, programmer)

    page = text(response)
    assert response.status_code == 200
    assert [n for n, _t in shown_rows(response)] == [1, 2, 3]
    assert "识别结果（等级 3）" in page
    # the proposed clauses in the words of the 条件核对 tab
    assert (
        "取得本职业或相关职业四级/中级工及以上职业资格证书(技能等级证书)后，累计从事本职业或相关职业工作5年(含)以上"
        in page
    )
    # what could not be read is named
    assert "未能识别：</strong>“年满18周岁”" in page
    assert revisions(programmer) == before


def test_nothing_is_saved_without_a_decision_on_each_condition(admin_client, programmer):
    before = revisions(programmer)
    rows = [{"number": n, "text": t} for n, t in shown_rows(read(admin_client, programmer))]

    response = admin_client.post(paste_url(programmer), rows_post(rows=rows))

    assert response.status_code == 400
    assert "请选择是否采用这一条。" in text(response)
    assert revisions(programmer) == before


def test_an_edited_text_must_be_read_again_before_it_is_saved(admin_client, programmer):
    before = revisions(programmer)
    rows = [
        {"number": n, "text": t, "shown_text": t, "decision": "accept"}
        for n, t in shown_rows(read(admin_client, programmer))
    ]
    rows[1]["text"] = "累计从事本职业或相关职业工作8年(含)以上。"

    response = admin_client.post(paste_url(programmer), rows_post(rows=rows))

    assert response.status_code == 400
    assert "请先点击“重新识别”" in text(response)
    assert revisions(programmer) == before
    # Reading again shows the new proposal, fully read, and keeps the decisions.
    again = admin_client.post(paste_url(programmer), rows_post(rows=rows, action="reread"))
    assert again.status_code == 200
    page = text(again)
    assert "累计从事本职业或相关职业工作8年(含)以上" in page
    assert "未能识别" not in page
    assert len(re.findall(r'value="accept"[^>]*checked', page)) == 3


def test_accepted_text_only_and_rejected_conditions_are_saved_as_a_draft(admin_client, programmer):
    live_levels = levels_data(programmer.specialties.get())
    rows = [{"number": n, "text": t} for n, t in shown_rows(read(admin_client, programmer))]
    rows[0]["decision"] = "accept"
    rows[1]["decision"] = "reject"
    rows[2]["decision"] = "text_only"

    response = admin_client.post(paste_url(programmer), rows_post(rows=rows))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{programmer.pk}/edit/"
    programmer.refresh_from_db()
    assert programmer.has_unpublished_changes
    [three] = [
        lv for lv in levels_data(draft_of(programmer).specialties.all()[0]) if lv["level"] == 3
    ]
    assert [c["number"] for c in three["conditions"]] == [1, 3]
    first, third = three["conditions"]
    assert first["alternatives"] == [
        {
            "clauses": [
                {
                    "type": "certificate",
                    "level": 4,
                    "relation": "same_or_related",
                    "kind": "level",
                    "work_after": {
                        "years": 5,
                        "mode": "cumulative",
                        "relation": "same_or_related",
                        "inclusive": True,
                    },
                }
            ]
        }
    ]
    assert third["text"].startswith("具有大专及以上本专业或相关专业毕业证书")
    assert third["alternatives"] == [{"clauses": []}]
    # the other levels are as they were, and the live page is unchanged
    others = [
        lv for lv in levels_data(draft_of(programmer).specialties.all()[0]) if lv["level"] != 3
    ]
    assert others == [lv for lv in live_levels if lv["level"] != 3]
    assert (
        levels_data(OccupationPage.objects.get(pk=programmer.pk).specialties.get()) == live_levels
    )


def test_a_passage_without_numbered_items_or_level_is_refused_in_chinese(admin_client, programmer):
    response = read(admin_client, programmer, passage="具备以下条件之一者：")
    assert response.status_code == 400
    assert "没有找到条件" in text(response)
    rows = [{"number": 1, "text": "本职业学徒期满。", "decision": "accept"}]
    response = admin_client.post(
        paste_url(programmer), rows_post(passage="（1）本职业学徒期满。", rows=rows)
    )
    assert response.status_code == 400
    assert "请选择等级" in text(response)


def test_editors_without_edit_permission_are_refused(
    loaded_site, client, django_user_model, programmer
):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user(username="reader", password="x-secret-123")
    group = Group.objects.create(name="只读")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)

    before = revisions(programmer)
    rows = [{"number": 1, "text": "本职业学徒期满。", "decision": "accept"}]
    # Wagtail's answer to a permission denied in its admin: back to the dashboard, with a message
    for response in (
        client.get(paste_url(programmer)),
        client.post(
            paste_url(programmer), rows_post(passage="（1）本职业学徒期满。", rows=rows, level=5)
        ),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert revisions(programmer) == before


# --- one condition ------------------------------------------------------------------------------


def _change_text(page, *, level, number, new_text):
    draft = draft_of(page)
    specialty = draft.specialties.all()[0]
    from occupations.blocks import levels_to_value

    levels = levels_data(specialty)
    for item in levels:
        for condition in item["conditions"]:
            if item["level"] == level and condition["number"] == number:
                condition["text"] = new_text
    specialties = list(draft.specialties.all())
    specialties[0].levels = levels_to_value(levels)
    draft.specialties = specialties
    draft.save_revision()


def test_a_changed_text_offers_its_clauses_read_again(admin_client, programmer):
    _change_text(
        programmer, level=5, number=1, new_text="累计从事本职业或相关职业工作2年(含)以上。"
    )
    edit = text(admin_client.get(f"/admin/pages/{programmer.pk}/edit/"))
    assert "文字中的年数（2）与条款（1）不一致。" in edit
    assert "文字改过了？按文字重新识别条款" in edit
    query = {"specialty": 0, "level": 5, "number": 1}

    shown = admin_client.get(rederive_url(programmer), query)

    page = text(shown)
    assert "累计从事本职业或相关职业工作1年(含)以上" in page  # the clauses now
    assert "累计从事本职业或相关职业工作2年(含)以上" in page  # read from the text
    before = revisions(programmer)
    accepted = admin_client.post(
        rederive_url(programmer),
        {**query, "shown_text": "累计从事本职业或相关职业工作2年(含)以上。"},
    )
    assert accepted.status_code == 302
    assert revisions(programmer) == before + 1
    programmer.refresh_from_db()
    [five] = [
        lv for lv in levels_data(draft_of(programmer).specialties.all()[0]) if lv["level"] == 5
    ]
    assert five["conditions"][0]["alternatives"][0]["clauses"][0]["years"] == 2


def test_clauses_are_not_replaced_when_the_text_changed_after_they_were_shown(
    admin_client, programmer
):
    query = {"specialty": 0, "level": 5, "number": 1}
    shown_text = "累计从事本职业或相关职业工作1年(含)以上。"
    _change_text(
        programmer, level=5, number=1, new_text="累计从事本职业或相关职业工作3年(含)以上。"
    )
    before = revisions(programmer)

    response = admin_client.post(
        rederive_url(programmer), {**query, "shown_text": shown_text}, follow=True
    )

    assert revisions(programmer) == before
    assert "该条件的文字已被修改" in text(response)


def test_a_broken_link_is_a_chinese_400(admin_client, programmer):
    response = admin_client.get(rederive_url(programmer), {"specialty": 0, "level": 9})
    assert response.status_code == 400
    assert "链接不完整" in text(response)


# --- partly read texts ---------------------------------------------------------------------------
# Words the parser could not read are requirements the clauses would miss: accepting the rest
# as the condition's clauses would admit people the published text does not (e.g. dropping
# "年满18周岁", or the diploma a certificate must come with).


def test_a_partly_read_condition_cannot_be_accepted_with_its_clauses(admin_client, programmer):
    before = revisions(programmer)
    rows = [{"number": n, "text": t} for n, t in shown_rows(read(admin_client, programmer))]
    rows[0]["decision"] = "accept"
    rows[1]["decision"] = "accept"  # "年满18周岁，…8年(含)以上": the age is not read
    rows[2]["decision"] = "reject"

    response = admin_client.post(paste_url(programmer), rows_post(rows=rows))

    assert response.status_code == 400
    assert "第2条有未能识别的文字" in text(response)
    assert revisions(programmer) == before
    # keeping only its text is allowed (the clauses are then filled in by hand)
    rows[1]["decision"] = "text_only"
    assert admin_client.post(paste_url(programmer), rows_post(rows=rows)).status_code == 302
    programmer.refresh_from_db()
    [three] = [
        lv for lv in levels_data(draft_of(programmer).specialties.all()[0]) if lv["level"] == 3
    ]
    assert three["conditions"][1]["alternatives"] == [{"clauses": []}]


def test_a_partly_read_text_does_not_replace_a_conditions_clauses(admin_client, programmer):
    partly = "年满18周岁，累计从事本职业或相关职业工作2年(含)以上。"
    _change_text(programmer, level=5, number=1, new_text=partly)
    query = {"specialty": 0, "level": 5, "number": 1}

    shown = text(admin_client.get(rederive_url(programmer), query))

    assert "未能识别：</strong>“年满18周岁”" in shown
    assert "采用识别出的条款（保存为草稿）" not in shown
    before = revisions(programmer)
    response = admin_client.post(rederive_url(programmer), {**query, "shown_text": partly})
    assert revisions(programmer) == before
    assert "有未能识别的部分" in text(admin_client.get(response["Location"]))
    programmer.refresh_from_db()
    [five] = [
        lv for lv in levels_data(draft_of(programmer).specialties.all()[0]) if lv["level"] == 5
    ]
    assert five["conditions"][0]["alternatives"][0]["clauses"][0]["years"] == 1
