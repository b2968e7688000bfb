"""报名查询 /applications/status/: an applicant follows their application with their ID number (or
application number) and mobile number; nobody learns whether someone else applied."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from forms_app import services
from forms_app.choices import ApplicationStatus
from tests.forms_app import factories
from tests.forms_app.test_support import MOBILE, valid_id_number

URL = "/applications/status/"
NOT_FOUND = "没有找到匹配的报名记录。请核对身份证号码（或报名号）和手机号码是否与报名时填写的一致。"


@pytest.fixture
def application(occupation, exam_period):
    return factories.ApplicationFactory(
        occupation=occupation, exam_period=exam_period, id_number=valid_id_number(0)
    )


def results(response) -> str:
    found = re.search(
        r'<section aria-live="polite" class="status-results">(.*?)</section>',
        response.content.decode(),
        re.S,
    )
    assert found, "no result section"
    return found.group(1)


def without_token(response, *typed: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    html = re.sub(r'nonce="[^"]+"', "", html)  # the CSP nonce differs per response
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


def test_the_lookup_form_is_in_chinese_with_a_csrf_token(client, loaded_site):
    html = client.get(URL).content.decode()

    assert "<h1>报名查询</h1>" in html
    for label in ("居民身份证号码", "或：报名号", "报名时填写的手机号码"):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "status-results" not in html


def test_id_number_and_mobile_show_the_status_and_the_next_step(client, application):
    response = client.post(URL, {"id_number": valid_id_number(0), "mobile": MOBILE})

    assert response.status_code == 200
    shown = results(response)
    assert "电子商务师 · 网商 · 四级/中级工" in shown
    assert application.number in shown
    assert "2026年第四批" in shown
    assert "<strong>已提交，待审核</strong>" in shown
    assert "请等待资格审核，结果会通过短信通知。" in shown


def test_the_application_number_and_mobile_work_too(client, application):
    response = client.post(URL, {"number": f" {application.number.lower()} ", "mobile": MOBILE})

    assert application.number in results(response)


@pytest.mark.parametrize(
    ("status", "reason", "next_step"),
    [
        (ApplicationStatus.NEEDS_INFO, "请补充学历证书扫描件", "在线补充材料，提交后重新审核。"),
        (ApplicationStatus.REJECTED, "工作年限不足", "如有疑问请拨打报名电话咨询。"),
        (ApplicationStatus.APPROVED, "", "审核已通过，请留意考试安排和准考证打印通知。"),
    ],
)
def test_the_reviewers_reason_and_what_to_do_next_are_shown(
    client, application, status, reason, next_step
):
    services.application_transition(
        application=application, to=status, actor=factories.staff_user(), reason=reason
    )

    shown = results(client.post(URL, {"id_number": valid_id_number(0), "mobile": MOBILE}))

    assert f"<strong>{status.label}</strong>" in shown
    assert next_step in shown
    if reason:
        assert f"<dt>审核意见</dt><dd>{reason}</dd>" in shown
    else:
        assert "审核意见" not in shown


def test_every_application_of_the_person_is_listed(client, application, occupation, exam_period):
    factories.ApplicationFactory(
        occupation=occupation, exam_period=exam_period, id_number=valid_id_number(0), level=3
    )
    factories.ApplicationFactory(  # someone else with the same mobile (a family phone)
        occupation=occupation, exam_period=exam_period, id_number=valid_id_number(1)
    )

    shown = results(client.post(URL, {"id_number": valid_id_number(0), "mobile": MOBILE}))

    assert shown.count('<article class="result">') == 2
    assert "四级/中级工" in shown and "三级/高级工" in shown


def test_a_wrong_mobile_and_an_unknown_id_number_get_the_same_answer(client, application):
    known_id, unknown_id = valid_id_number(0), valid_id_number(5)

    wrong_mobile = client.post(URL, {"id_number": known_id, "mobile": "13900139000"})
    unknown = client.post(URL, {"id_number": unknown_id, "mobile": "13900139000"})

    assert wrong_mobile.status_code == unknown.status_code == 200
    assert results(wrong_mobile) == results(unknown)
    assert NOT_FOUND in results(unknown)
    assert without_token(wrong_mobile, known_id) == without_token(unknown, unknown_id)


def test_a_wrong_mobile_and_an_unknown_application_number_get_the_same_answer(client, application):
    wrong_mobile = client.post(URL, {"number": application.number, "mobile": "13900139000"})
    unknown = client.post(URL, {"number": "BM261125ZZZZZZ", "mobile": "13900139000"})

    assert results(wrong_mobile) == results(unknown)
    assert without_token(wrong_mobile, application.number) == without_token(
        unknown, "BM261125ZZZZZZ"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mobile": MOBILE}, "请填写身份证号码或报名号。"),
        ({"id_number": "152502199001011230", "mobile": MOBILE}, "身份证号码校验位不正确"),
        (
            {"id_number": valid_id_number(0), "mobile": "12345"},
            "请填写有效的11位中国大陆手机号码。",
        ),
        ({"id_number": valid_id_number(0)}, "必需字段"),
    ],
    ids=["nothing to look up", "bad ID number", "bad mobile", "no mobile"],
)
def test_incomplete_or_malformed_lookups_are_explained(client, application, data, message):
    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "status-results" not in html


def test_too_many_lookups_from_one_address_get_a_chinese_429(client, application):
    for n in range(30):
        assert (
            client.post(URL, {"id_number": valid_id_number(n), "mobile": MOBILE}).status_code == 200
        )

    response = client.post(URL, {"id_number": valid_id_number(0), "mobile": MOBILE})

    assert response.status_code == 429
    html = response.content.decode()
    assert "操作过于频繁" in html
    assert application.number not in html
    assert client.get(URL).status_code == 200  # reading the form is not limited
    other = Client(REMOTE_ADDR="10.0.0.9").post(
        URL, {"id_number": valid_id_number(0), "mobile": MOBILE}
    )
    assert application.number in results(other)


@pytest.fixture
def plugin_links():
    """Two links a plugin adds: the one the applicant came for (primary, with its own next-step
    text) and a plain one."""
    from forms_app.next_steps import StatusLink, register_status_links, unregister_status_links

    def provider(application):
        return [
            StatusLink("考试须知", "/exams/rules/"),
            StatusLink("下载准考证", "/exams/ticket/", primary=True, text="准考证已可下载。"),
        ]

    register_status_links(provider)
    yield
    unregister_status_links(provider)


def test_a_primary_link_is_a_big_button_and_brings_its_own_next_step(
    client, application, plugin_links
):
    services.application_transition(
        application=application, to=ApplicationStatus.APPROVED, actor=factories.staff_user()
    )

    shown = results(client.post(URL, {"id_number": valid_id_number(0), "mobile": MOBILE}))

    assert '<a href="/exams/ticket/" class="button next-button">下载准考证</a>' in shown
    assert '<a href="/exams/rules/">考试须知</a>' in shown  # a plain link stays a link
    assert shown.index("</dl>") < shown.index("下载准考证")  # under the summary, full width
    assert "准考证已可下载。" in shown
    assert "请留意考试安排和准考证打印通知" not in shown
