"""A clause the engine cannot evaluate (a level certificate without its level…): the editor
refuses to save it, and one saved before that rule (or written around the editor) makes its
condition "needs review" in the checker, the API and the editor's 条件核对 tab — never a 500."""

import json

import pytest
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from occupations.content_checks import check_all
from occupations.models import OccupationPage
from tests.occupations.factories import condition, level, publish_occupation, work_clause
from tests.occupations.test_api import post
from tests.occupations.test_views import CHECKER, checker_form

NO_LEVEL = "请选择证书等级（只有预备技师证书不填等级）。"
BROKEN_SENTENCE = "【条款设置不完整，无法自动判断，需在编辑器中补全】"


def list_block(items):
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def certificate_block(level_value):
    return {
        "level": level_value,
        "relation": "same",
        "kind": "level",
        "work_after": {"years": "", "mode": "continuous", "relation": "same", "inclusive": "on"},
    }


def add_occupation(admin_client, index_page, *, certificate_level):
    """Post the editor's "add occupation" form with one condition: a certificate clause."""
    levels = streamfield(
        [
            (
                "level",
                {
                    "level": "4",
                    "conditions": list_block(
                        [
                            {
                                "number": "1",
                                "text": "取得本职业五级/初级工职业资格证书。",
                                "note": "",
                                "alternatives": list_block(
                                    [
                                        {
                                            "clauses": streamfield(
                                                [
                                                    (
                                                        "certificate",
                                                        certificate_block(certificate_level),
                                                    )
                                                ]
                                            )
                                        }
                                    ]
                                ),
                            }
                        ]
                    ),
                },
            )
        ]
    )
    data = nested_form_data(
        {
            "title": "新职业",
            "slug": "new-occupation",
            "code": "",
            "introduction": rich_text(""),
            "other_names": "",
            "source_section": "",
            "specialties": inline_formset([{"name": "", "slug": "", "levels": levels}]),
            "action-publish": "publish",
        }
    )
    return admin_client.post(f"/admin/pages/add/occupations/occupationpage/{index_page.pk}/", data)


# --- the editor refuses ---------------------------------------------------------------------------


def test_the_editor_saves_a_complete_certificate_clause(admin_client, index_page):
    response = add_occupation(admin_client, index_page, certificate_level="5")

    assert response.status_code == 302
    assert OccupationPage.objects.filter(title="新职业").live().exists()


def test_the_editor_refuses_a_level_certificate_without_its_level(admin_client, index_page):
    response = add_occupation(admin_client, index_page, certificate_level="")
    html = response.content.decode()

    assert response.status_code == 200
    assert not OccupationPage.objects.filter(title="新职业").exists()
    # The block's error travels to the editor's JavaScript as JSON.
    assert json.dumps(NO_LEVEL)[1:-1] in html


# --- data saved before the rule -------------------------------------------------------------------

LEGACY_CERTIFICATE = {"type": "certificate", "level": None, "relation": "same", "kind": "level"}


@pytest.fixture
def legacy_occupation(index_page):
    """Level 4: condition 1 is a certificate without a level, condition 2 plain work."""
    return publish_occupation(
        index=index_page,
        title="旧数据职业",
        slug="legacy-occupation",
        specialties=[
            (
                "",
                [
                    level(
                        4,
                        condition(1, "取得本职业五级/初级工职业资格证书。", [LEGACY_CERTIFICATE]),
                        condition(2, "连续从事本职业工作3年以上。", [work_clause(3)]),
                    )
                ],
            )
        ],
    )


def test_the_checker_says_needs_review(legacy_occupation, client):
    response = client.post(CHECKER, checker_form("旧数据职业|"))
    html = response.content.decode()

    assert response.status_code == 200, html
    assert "需要工作人员审核" in html
    assert escape("需由工作人员审核：取得本职业五级/初级工职业资格证书。") in html


def test_the_api_says_needs_review(legacy_occupation, client):
    response = post(client, {"occupation": "旧数据职业", "specialty": None, "level": 4})
    body = response.json()

    assert response.status_code == 200, body
    assert (body["eligible"], body["needs_review"]) == (False, True)
    assert body["conditions"][0]["met"] is None
    assert body["conditions"][0]["missing"] == [
        "需由工作人员审核：取得本职业五级/初级工职业资格证书。"
    ]
    assert body["conditions"][1]["met"] is False


def test_the_review_tab_and_the_report_flag_the_clause(legacy_occupation, admin_client):
    response = admin_client.get(f"/admin/pages/{legacy_occupation.pk}/edit/")
    html = response.content.decode()

    assert response.status_code == 200
    assert BROKEN_SENTENCE in html
    finding = "条款“持有证书”设置不完整：" + NO_LEVEL
    assert escape(finding) in html
    assert [(f.number, f.kind) for f in check_all() if f.occupation == "旧数据职业"] == [
        (1, "invalid_clause")
    ]
    report = admin_client.get("/admin/occupations/checks/")
    assert report.status_code == 200
    assert escape(finding) in report.content.decode()
