"""Submitting the registration form as an applicant: bad input, eligibility, duplicates, limits.

Every refusal is a Chinese message and a 4xx with nothing saved; an accepted form redirects to
the confirmation page.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from forms_app import services
from forms_app.choices import ApplicationStatus
from forms_app.crypto import lookup_hash
from forms_app.models import Application, ApplicationEvent, FormField
from occupations.models import OccupationIndexPage
from occupations.services import today
from tests.forms_app import factories
from tests.forms_app.test_support import (
    MOBILE,
    SPECIALTY,
    applicant,
    form_fields,
    id_number,
    make_form_page,
    request_code,
    valid_id_number,
    with_bad_check_digit,
)
from tests.occupations.factories import condition, level, publish_occupation, work_clause


@pytest.fixture
def form_page(occupation, exam_period):
    return make_form_page(occupation=occupation, exam_period=exam_period)


def errors_of(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(
            r'class="field-error" role="alert">(.*?)</(?:p|div)>', response.content.decode(), re.S
        )
    ]


def assert_nothing_saved() -> None:
    assert Application.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "id_number",
            with_bad_check_digit(valid_id_number()),
            "身份证号码校验位不正确，请核对每一位数字（最后一位可能是X）。",
        ),
        (
            "id_number",
            "152502900101123",
            "15位的旧身份证号码已停止使用，请填写18位居民身份证号码。",
        ),
        ("id_number", id_number(birth="19901301"), "身份证号码中的出生日期无效，请核对。"),
        ("id_number", id_number(birth="20991231"), "身份证号码中的出生日期晚于今天，请核对。"),
        ("id_number", "15250219900101", "请填写18位居民身份证号码。"),
        ("mobile", "1380013800", "请填写有效的11位中国大陆手机号码。"),
        ("mobile", "04798225060", "请填写有效的11位中国大陆手机号码。"),  # a landline
        ("mobile", "+1 202 555 0143", "请填写有效的11位中国大陆手机号码。"),
        ("name", "张", "请填写身份证上的姓名（2-30个汉字或字母）。"),
        ("name", "=1+1", "姓名不能以 =、+、-、@ 开头（那是表格公式），请填写身份证上的姓名。"),
        ("name", "@SUM(A1)", "姓名不能以 =、+、-、@ 开头（那是表格公式），请填写身份证上的姓名。"),
        ("target", f"{SPECIALTY}|5", "选择一个有效的选项。"),  # 网商 starts at 四级
        ("target", "网商|9", "选择一个有效的选项。"),
        ("target", "不存在的工种|4", "选择一个有效的选项。"),
    ],
    ids=[
        "check digit",
        "15 digits",
        "birth date",
        "birth date in the future",
        "too short",
        "mobile 10 digits",
        "landline",
        "foreign mobile",
        "one-character name",
        "formula name",
        "at-sign formula name",
        "level not offered",
        "no such level",
        "no such specialty",
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_saved(
    client, form_page, field, value, message
):
    response = client.post(form_page.url, applicant(**{field: value}))

    assert response.status_code == 400
    assert any(text.startswith(message) for text in errors_of(response)), errors_of(response)
    assert_nothing_saved()


def test_what_the_applicant_typed_stays_in_the_form_after_an_error(client, form_page):
    response = client.post(form_page.url, applicant(mobile="12345", employer="某某网店"))

    html = response.content.decode()
    assert 'value="张三"' in html
    assert 'value="某某网店"' in html
    assert '<option value="网商|4" selected>' in html


def spaced(number: str) -> str:
    return f"{number[:6]} {number[6:14]} {number[14:].lower()}"


def full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in number)


@pytest.mark.parametrize("typed", [spaced, full_width, str.lower], ids=["spaces", "全角", "x"])
def test_an_id_number_typed_on_a_phone_is_understood(client, form_page, typed):
    number = next(valid_id_number(n) for n in range(100) if valid_id_number(n).endswith("X"))

    response = client.post(form_page.url, applicant(id_number=typed(number)))

    assert response.status_code == 302, errors_of(response)
    assert Application.objects.get().id_number == number


@pytest.mark.parametrize("name", ["王𠮷", "阿拉坦·其木格", "李 娜", "王〇", "Nurlan Abenov"])
def test_names_as_written_on_the_id_card_are_accepted(client, form_page, name):
    response = client.post(form_page.url, applicant(name=name))

    assert response.status_code == 302, errors_of(response)
    assert Application.objects.get().name == name


def test_a_mobile_number_with_spaces_or_country_code_is_understood(client, form_page):
    assert client.post(form_page.url, applicant(mobile="+86 138 0013 8000")).status_code == 302
    assert Application.objects.get().mobile == "13800138000"


@pytest.mark.parametrize(
    ("restriction", "target"),
    [
        ({"levels": "4"}, f"{SPECIALTY}|3"),
        ({"specialties": "cross-border-e-commerce"}, f"{SPECIALTY}|4"),
    ],
    ids=["level outside the form's levels", "specialty outside the form's specialties"],
)
def test_a_target_the_form_does_not_accept_is_refused(
    client, occupation, exam_period, restriction, target
):
    page = make_form_page(occupation=occupation, exam_period=exam_period, **restriction)

    response = client.post(page.url, applicant(target=target))

    assert response.status_code == 400
    assert any("选择一个有效的选项" in text for text in errors_of(response))
    assert_nothing_saved()


def test_every_missing_required_field_is_named(client, form_page):
    response = client.post(form_page.url, {"confirm_review": "1"})

    assert response.status_code == 400
    html = response.content.decode()
    for name in ("name", "id_number", "mobile", "target"):
        box = re.search(rf'<div class="field has-error">\s*<label for="id_{name}">', html)
        assert box, f"{name} is not marked as missing"
    assert_nothing_saved()


def test_a_conditional_field_is_required_only_when_shown(client, form_page):
    hidden = client.post(form_page.url, applicant(has_cert=None, cert_no=""))
    assert hidden.status_code == 302

    shown = client.post(form_page.url, applicant(1, has_cert="on", cert_no=""))
    assert shown.status_code == 400
    assert "此项为必填项。" in errors_of(shown)

    filled = client.post(form_page.url, applicant(1, has_cert="on", cert_no="S2024-0001"))
    assert filled.status_code == 302
    assert Application.objects.count() == 2
    second = Application.objects.get(id_number_hash=lookup_hash(valid_id_number(1)))
    assert second.answers["cert_no"] == "S2024-0001"


def test_an_answer_to_a_hidden_field_is_not_kept(client, form_page):
    client.post(form_page.url, applicant(has_cert=None, cert_no="typed before unticking"))

    assert "cert_no" not in Application.objects.get().answers


def test_a_filled_honeypot_is_refused_and_nothing_is_saved(client, form_page):
    response = client.post(form_page.url, applicant(website="http://spam.example"))

    assert response.status_code == 400
    assert "提交未被接受。请刷新页面后重新填写。" in response.content.decode()
    assert_nothing_saved()


# --- eligibility ---------------------------------------------------------------------------------


def work_fields() -> list[FormField]:
    return [
        *form_fields(),
        FormField(label="工作经历", field_type="work_history", clean_name="work", required=False),
    ]


def worked_since(start) -> dict:
    return {"work-0-relation": "same", "work-0-start": start.isoformat(), "work-0-end": ""}


def test_a_qualified_applicant_is_told_which_condition_they_meet(client, occupation, exam_period):
    page = make_form_page(occupation=occupation, exam_period=exam_period, fields=work_fields())

    response = client.post(
        page.url,
        applicant(confirm_review=None, **worked_since(today() - timedelta(days=800))),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/applications/done/"
    assert "符合报名条件（满足第1条）" in response.content.decode()
    application = Application.objects.get()
    assert application.eligible is True
    assert application.needs_review is False
    assert application.eligibility["met"] == [1]
    assert application.eligibility["headline"] == "符合报名条件（满足第1条）"
    assert application.answers["work"][0]["relation"] == "same"


def test_an_applicant_who_does_not_qualify_is_told_what_is_missing(client, form_page):
    response = client.post(
        form_page.url,
        applicant(confirm_review=None, **worked_since(today() - timedelta(days=100))),
    )

    assert response.status_code == 422
    html = response.content.decode()
    headline = re.search(r'<p class="callout-title">资格自动判断：(.*?)</p>', html).group(1)
    assert headline.startswith("暂不符合：")
    assert "（对照第" in headline
    assert 'name="confirm_review"' in html
    assert_nothing_saved()


def test_a_form_that_refuses_the_ineligible_accepts_no_confirmation(
    client, occupation, exam_period
):
    page = make_form_page(occupation=occupation, exam_period=exam_period, allow_ineligible=False)

    response = client.post(page.url, applicant())  # confirm_review=1 sent anyway

    assert response.status_code == 422
    html = response.content.decode()
    assert "根据您填写的情况，暂不符合报名条件，不能提交。" in html
    assert "资格自动判断：暂不符合" in html
    assert 'name="confirm_review"' not in html
    assert_nothing_saved()


def test_an_ineligible_applicant_confirms_and_is_accepted_for_review(client, form_page):
    asked = client.post(form_page.url, applicant(confirm_review=None))
    assert asked.status_code == 422
    html = asked.content.decode()
    # Asked once, beside the verdict at the top, before the form's first field.
    assert html.count("仍要提交，由工作人员审核") == 1
    assert html.count('name="confirm_review"') == 1
    verdict = html.index("资格自动判断：暂不符合")
    assert verdict < html.index("仍要提交，由工作人员审核") < html.index('name="name"')
    assert_nothing_saved()

    confirmed = client.post(form_page.url, applicant(), follow=True)

    assert confirmed.redirect_chain[-1][0] == "/applications/done/"
    application = Application.objects.get()
    assert (application.eligible, application.needs_review) == (False, False)
    assert application.eligibility["headline"].startswith("暂不符合")
    assert [c["number"] for c in application.eligibility["conditions"]] == [1, 2, 3]
    assert application.eligibility["headline"] in confirmed.content.decode()


def test_a_condition_only_staff_can_judge_is_accepted_as_needs_review(client, exam_period):
    occupation = publish_occupation(
        index=OccupationIndexPage.objects.get(),
        title="测试职业",
        slug="test-occupation",
        specialties=[
            (
                "",
                [
                    level(
                        5,
                        condition(1, "在本职业连续工作1年以上。", [work_clause(1)]),
                        condition(
                            2,
                            "经所在单位推荐。",
                            [{"type": "free_text", "text": "经所在单位推荐"}],
                        ),
                    )
                ],
            )
        ],
    )
    page = make_form_page(occupation=occupation, exam_period=exam_period, slug="apply-test")

    response = client.post(page.url, applicant(confirm_review=None, target="|5"), follow=True)

    assert response.redirect_chain[-1][0] == "/applications/done/"
    assert "需要工作人员审核" in response.content.decode()
    application = Application.objects.get()
    assert (application.eligible, application.needs_review) == (False, True)
    assert application.specialty == ""
    assert application.level == 5


# --- duplicates -----------------------------------------------------------------------------------


def test_submitting_twice_keeps_one_application_and_says_so_kindly(client, form_page):
    first = client.post(form_page.url, applicant())
    again = client.post(form_page.url, applicant())

    assert first.status_code == 302
    assert again.status_code == 409
    html = again.content.decode()
    assert "请勿重复提交" in html
    application = Application.objects.get()
    assert application.number in html  # the same person (ID and mobile) sees their number
    assert ApplicationEvent.objects.count() == 1


def test_a_withdrawn_application_does_not_block_a_new_one(client, form_page):
    client.post(form_page.url, applicant())
    services.application_transition(
        application=Application.objects.get(), to=ApplicationStatus.WITHDRAWN
    )

    assert client.post(form_page.url, applicant()).status_code == 302
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == ["submitted", "withdrawn"]


def test_the_same_person_may_apply_for_another_level(client, form_page):
    assert client.post(form_page.url, applicant()).status_code == 302
    assert client.post(form_page.url, applicant(target=f"{SPECIALTY}|3")).status_code == 302

    assert sorted(Application.objects.values_list("level", flat=True)) == [3, 4]


def test_the_same_person_may_apply_again_for_another_exam_period(client, occupation, form_page):
    client.post(form_page.url, applicant())
    later = make_form_page(
        occupation=occupation,
        exam_period=factories.ExamPeriodFactory(name="2027年第一批"),
        slug="apply-2027",
    )

    assert client.post(later.url, applicant()).status_code == 302
    assert Application.objects.count() == 2


# --- rate limits ----------------------------------------------------------------------------------


def test_forms_with_mistakes_do_not_use_up_the_addresss_submissions(client, form_page, settings):
    settings.FORMS_SUBMIT_RATE_PER_IP = (2, 3600)
    for _ in range(20):
        assert client.post(form_page.url, {"name": "张三"}).status_code == 400
    assert client.post(form_page.url, applicant(sms_code="000000")).status_code == 400

    assert client.post(form_page.url, applicant(0)).status_code == 302
    assert client.post(form_page.url, applicant(1, mobile="13900139001")).status_code == 302
    response = client.post(form_page.url, applicant(2, mobile="13900139002"))

    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert Application.objects.count() == 2
    other_address = Client(REMOTE_ADDR="10.0.0.2")
    assert other_address.post(form_page.url, applicant(2, mobile="13900139002")).status_code == 302


def test_sixty_applicants_behind_one_address_all_get_in(client, form_page):
    """A school computer room or a carrier's NAT: one address, 60 people, each asking for a
    code and submitting (a few mistakes on the way) with the default limits."""
    for n in range(60):
        mobile = f"1390000{n:04d}"
        assert (
            client.post(
                form_page.url, applicant(n, mobile=mobile, name="张", sms_code=None)
            ).status_code
            == 400
        )
        code = request_code(client, mobile=mobile, id_number=valid_id_number(n))
        response = client.post(form_page.url, applicant(n, mobile=mobile, sms_code=code))
        assert response.status_code == 302, (n, errors_of(response))

    assert Application.objects.count() == 60


def test_one_person_resubmitting_again_and_again_gets_a_429(form_page):
    for n in range(5):
        response = Client(REMOTE_ADDR=f"10.0.1.{n}").post(form_page.url, applicant())
        assert response.status_code == 302 if n == 0 else 409

    response = Client(REMOTE_ADDR="10.0.2.1").post(form_page.url, applicant())

    assert response.status_code == 429
    assert Application.objects.count() == 1


def test_a_stranger_using_an_id_number_does_not_use_up_its_owners_submissions(form_page):
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(8):
        stranger.post(form_page.url, applicant(mobile="13700137000"))

    owner = Client(REMOTE_ADDR="203.0.113.9").post(form_page.url, applicant(mobile=MOBILE))

    assert owner.status_code == 302
    assert set(Application.objects.values_list("mobile_masked", flat=True)) == {
        "137****7000",
        "138****8000",
    }


def test_the_limits_come_from_settings_when_given(client, form_page, settings):
    settings.FORMS_POST_RATE_PER_IP = (2, 60)

    statuses = [client.post(form_page.url, {"name": "张三"}).status_code for _ in range(3)]

    assert statuses == [400, 400, 429]


def test_behind_the_proxy_the_limit_counts_the_address_the_proxy_saw(form_page, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.FORMS_POST_RATE_PER_IP = (2, 60)

    def post(forwarded_for: str) -> int:
        proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
        return proxied.post(form_page.url, {"name": "张三"}).status_code

    # One applicant behind the proxy, claiming a different address each time: still one.
    assert [post(f"10.9.9.{n}, 203.0.113.7") for n in range(3)] == [400, 400, 429]
    # Another applicant through the same proxy is not held back by the first.
    assert post("198.51.100.20") == 400
