"""The admin: the content-check report and the occupation editor's "条件核对" tab."""

import json

from django.test import Client
from django.utils.html import escape

from occupations import selectors
from occupations.eligibility import describe_condition
from occupations.models import OccupationPage

REPORT = "/admin/occupations/checks/"


def edit_url(title: str) -> str:
    return f"/admin/pages/{OccupationPage.objects.get(title=title).pk}/edit/"


# --- the report ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(loaded_site):
    response = Client().get(REPORT)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={REPORT}"


def test_users_without_admin_access_are_sent_to_the_login(loaded_site, django_user_model):
    visitor = Client()
    visitor.force_login(django_user_model.objects.create_user(username="applicant", password="x"))

    response = visitor.get(REPORT)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_report_shows_the_findings(admin_client):
    response = admin_client.get(REPORT)
    html = response.content.decode()

    assert response.status_code == 200
    assert "报名条件内容检查" in html
    assert "共发现 10 处问题。" in html
    assert "<h2>计算机软件测试员</h2>" in html
    assert html.count("<td>计算机软件测试员 / ") == 10
    assert "文字提到其他职业“动画制作员”（动画绘制员），可能是复制错误。" in html
    assert "<h2>电子商务师</h2>" not in html


def test_the_report_shows_a_level_without_conditions(admin_client, flawed_occupation):
    html = admin_client.get(REPORT).content.decode()

    assert "共发现 14 处问题。" in html
    assert "<h2>测试职业</h2>" in html
    assert "<td>该等级没有报名条件。</td>" in html
    assert "<td>没有可判断的条款，资格审核无法自动进行。</td>" in html
    assert "文字中的年数（3）与条款（2）不一致。" in html


def test_the_report_is_in_the_reports_menu(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert REPORT in html
    # The sidebar menu is JSON in the page, with non-ASCII characters escaped.
    assert json.dumps("报名条件检查")[1:-1] in html


# --- the occupation editor ----------------------------------------------------------------------


def test_the_editor_has_the_review_tab_with_the_meaning_of_every_condition(admin_client):
    page = OccupationPage.objects.get(title="电子商务师")

    response = admin_client.get(edit_url("电子商务师"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "条件核对" in html
    assert "requirements-review" in html
    assert "未发现问题。" in html
    for specialty in page.specialties.all():
        for level in selectors.specialty_levels(specialty):
            for condition in level.conditions:
                meaning = describe_condition(condition.alternatives)
                assert meaning
                assert escape(meaning) in html, meaning
    assert "连续从事本职业工作1年(含)以上" in html


def test_the_review_tab_shows_the_findings_beside_the_condition(admin_client):
    html = admin_client.get(edit_url("计算机软件测试员")).content.decode()

    assert "发现 10 处问题。" in html
    assert html.count("requirements-review--problem") == 10
    assert "⚠ 文字提到其他职业“动画制作员”（动画绘制员），可能是复制错误。" in html


def test_the_review_tab_shows_an_empty_level(admin_client, flawed_occupation):
    response = admin_client.get(f"/admin/pages/{flawed_occupation.pk}/edit/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "发现 4 处问题。" in html
    assert '<p class="error-message">该等级没有报名条件。</p>' in html
