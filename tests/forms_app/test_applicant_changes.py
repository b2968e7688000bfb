"""From 报名查询 the applicant withdraws an application, or amends it (answers and files) while it
needs more information — after proving the mobile again with an SMS code; each change is
recorded through the lifecycle service."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from forms_app import lifecycle
from forms_app.applicant_views import GRANT_COOKIE
from forms_app.choices import ApplicationStatus
from forms_app.models import Application, ApplicationEvent, HeldUpload
from tests.forms_app import factories
from tests.forms_app.factories import (
    applicant,
    jpeg_upload,
    pdf_bytes,
    pdf_upload,
    profile_fields,
    registration_page,
    standard_fields,
    valid_id_number,
)
from tests.forms_app.test_support import MOBILE, captured_sms, last_code

STATUS = "/applications/status/"
START = "/applications/status/manage/"


@pytest.fixture
def form_page(occupation, exam_period, private_media):
    return registration_page(
        occupation=occupation, exam_period=exam_period, fields=standard_fields() + profile_fields()
    )


@pytest.fixture
def application(client, form_page, private_media) -> Application:
    """Submitted through the form with a photo, a diploma and one work row."""
    data = {
        **applicant(confirm_review="1"),
        "work-0-relation": "related",
        "work-0-start": "2021-03-01",
        "work-0-employer": "锡林浩特某网店",
        "photo": jpeg_upload("我的照片.jpg"),
        "diploma": pdf_upload("旧毕业证.pdf"),
    }
    response = Client().post(form_page.url, data)
    assert response.status_code == 302, response.content.decode()
    return Application.objects.get()


@pytest.fixture
def needs_info(application) -> Application:
    lifecycle.application_transition(
        application=application,
        to=ApplicationStatus.NEEDS_INFO,
        actor=factories.staff_user(),
        reason="请补充完整的工作经历和清晰的毕业证书",
    )
    application.refresh_from_db()
    return application


def prove_mobile(client, application, *, mobile=MOBILE) -> None:
    """Press the status page's button, read the text message, type the code."""
    with captured_sms() as lines:
        sent = client.post(START, {"number": application.number, "mobile": mobile})
    assert sent.status_code == 200, sent.content.decode()
    assert "138****8000" in sent.content.decode()
    verified = client.post(
        START, {"number": application.number, "mobile": mobile, "code": last_code(lines)}
    )
    assert verified.status_code == 302
    assert verified["Location"] == reverse("forms_app:manage", args=[application.number])


def manage_url(application, action: str = "") -> str:
    return reverse("forms_app:manage", args=[application.number]) + (f"{action}/" if action else "")


# --- the status page and the proof ------------------------------------------------------------


def test_the_status_page_offers_withdrawing_and_amending(client, needs_info):
    html = client.post(STATUS, {"id_number": valid_id_number(0), "mobile": MOBILE}).content.decode()

    assert "补充材料或撤回报名" in html
    assert f'action="{START}"' in html
    assert "需要先用短信验证码验证" in html


@pytest.mark.parametrize("status", [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED])
def test_decided_applications_offer_no_changes(client, application, status):
    lifecycle.application_transition(
        application=application, to=status, actor=factories.staff_user(), reason="已审核"
    )

    html = client.post(STATUS, {"id_number": valid_id_number(0), "mobile": MOBILE}).content.decode()

    assert START not in html


def test_no_code_is_sent_for_a_number_and_mobile_that_do_not_match(client, application):
    with captured_sms() as lines:
        response = client.post(START, {"number": application.number, "mobile": "13912345678"})

    assert response.status_code == 404
    assert "没有找到匹配的报名记录" in response.content.decode()
    assert lines == []


def test_a_wrong_code_gives_no_access(client, application):
    with captured_sms() as lines:
        client.post(START, {"number": application.number, "mobile": MOBILE})
    wrong = "000000" if last_code(lines) != "000000" else "111111"

    response = client.post(START, {"number": application.number, "mobile": MOBILE, "code": wrong})

    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert GRANT_COOKIE not in response.cookies
    assert client.get(manage_url(application)).status_code == 403


def test_without_the_code_nothing_can_be_changed(client, application):
    assert client.get(manage_url(application)).status_code == 403
    response = client.post(manage_url(application, "withdraw"), {"confirm": "1"})

    assert response.status_code == 403
    assert "短信验证码" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_proof_for_one_application_does_not_open_another(client, application, occupation):
    other = factories.ApplicationFactory(
        occupation=occupation, exam_period=application.exam_period, level=3
    )
    prove_mobile(client, application)

    assert client.get(manage_url(other)).status_code == 403
    assert client.post(manage_url(other, "withdraw"), {"confirm": "1"}).status_code == 403


# --- withdrawing ------------------------------------------------------------------------------


def test_the_applicant_withdraws_after_proving_the_mobile(client, application):
    prove_mobile(client, application)
    page = client.get(manage_url(application)).content.decode()
    assert "撤回报名" in page and "补充或修改材料" not in page  # submitted: nothing to amend

    unconfirmed = client.post(manage_url(application, "withdraw"))
    assert unconfirmed.status_code == 400
    assert "请勾选确认" in unconfirmed.content.decode()

    done = client.post(manage_url(application, "withdraw"), {"confirm": "1"}, follow=True)

    assert "报名已撤回" in done.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    event = application.events.last()
    assert (event.from_status, event.to_status) == ("submitted", "withdrawn")
    assert event.actor is None and event.actor_label == "申请人"


def test_a_withdrawn_application_cannot_be_withdrawn_again(client, application):
    prove_mobile(client, application)
    client.post(manage_url(application, "withdraw"), {"confirm": "1"})

    again = client.post(manage_url(application, "withdraw"), {"confirm": "1"})

    assert again.status_code == 409
    assert "不能撤回" in again.content.decode()
    assert application.events.filter(to_status="withdrawn").count() == 1


# --- amending ---------------------------------------------------------------------------------


def test_the_amend_form_shows_the_answers_and_the_files_kept(client, needs_info):
    prove_mobile(client, needs_info)
    page = client.get(manage_url(needs_info)).content.decode()
    assert "补充或修改材料" in page

    html = client.get(manage_url(needs_info, "amend")).content.decode()

    assert "已上传：我的照片.jpg（可更换）" in html
    assert "已上传：旧毕业证.pdf（可更换）" in html
    assert 'name="work-0-start" value="2021-03-01"' in html
    assert 'name="id_number"' not in html and "consent_privacy" not in html


def test_the_applicant_amends_answers_and_a_file_and_it_is_reviewed_again(
    client, needs_info, private_media, django_capture_on_commit_callbacks
):
    old_diploma = Path(needs_info.files.get(field_name="diploma").file.path)
    prove_mobile(client, needs_info)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            manage_url(needs_info, "amend"),
            {
                "name": "冒名",  # fixed fields cannot change
                "id_number": valid_id_number(9),
                "work-0-relation": "same",
                "work-0-start": "2019-03-01",
                "work-0-employer": "锡林浩特某网店",
                "diploma": pdf_upload("新毕业证.pdf", text="New diploma"),
            },
        )

    assert response.status_code == 302, response.content.decode()
    needs_info.refresh_from_db()
    assert needs_info.status == ApplicationStatus.SUBMITTED
    assert needs_info.name == "张三" and needs_info.id_number == valid_id_number(0)
    assert needs_info.answers["work"][0]["start"] == "2019-03-01"
    assert needs_info.eligible  # 本职业 since 2019: the verdict is renewed
    files = {f.field_name: f for f in needs_info.files.all()}
    assert files["diploma"].original_name == "新毕业证.pdf"
    assert Path(files["diploma"].file.path).read_bytes() == pdf_bytes("New diploma")
    assert files["photo"].original_name == "我的照片.jpg"  # not replaced: kept
    assert not old_diploma.exists()
    event = needs_info.events.last()
    assert (event.from_status, event.to_status, event.actor_label) == (
        "needs_info",
        "submitted",
        "申请人",
    )
    assert event.changes == {"answers": ["工作经历"], "files": ["学历证书"]}
    assert needs_info.status_reason == ""


def test_an_amendment_that_changes_nothing_is_refused(client, needs_info):
    prove_mobile(client, needs_info)

    response = client.post(
        manage_url(needs_info, "amend"),
        {
            "work-0-relation": "related",
            "work-0-start": "2021-03-01",
            "work-0-employer": "锡林浩特某网店",
        },
    )

    assert response.status_code == 409
    assert "没有修改任何内容" in response.content.decode()
    needs_info.refresh_from_db()
    assert needs_info.status == ApplicationStatus.NEEDS_INFO


def test_a_new_file_is_kept_when_the_amendment_has_an_error(client, needs_info, private_media):
    prove_mobile(client, needs_info)

    response = client.post(
        manage_url(needs_info, "amend"),
        {"work-0-start": "not a date", "diploma": pdf_upload("新毕业证.pdf")},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "已上传：新毕业证.pdf（可更换）" in html
    token = re.search(r'name="held-upload-diploma" value="([^"]+)"', html)[1]
    assert HeldUpload.objects.count() == 1

    fixed = client.post(
        manage_url(needs_info, "amend"),
        {
            "work-0-relation": "same",
            "work-0-start": "2019-03-01",
            "held-upload-diploma": token,
        },
    )
    assert fixed.status_code == 302
    assert needs_info.files.get(field_name="diploma").original_name == "新毕业证.pdf"


def test_only_an_application_that_needs_information_can_be_amended(client, application):
    prove_mobile(client, application)

    response = client.get(manage_url(application, "amend"))

    assert response.status_code == 409
    assert ApplicationEvent.objects.filter(application=application).count() == 1


def test_reviewers_see_what_the_applicant_changed(client, needs_info, superuser_client):
    from tests.forms_app.admin_helpers import detail_url

    applicant_browser = Client()
    prove_mobile(applicant_browser, needs_info)
    applicant_browser.post(
        manage_url(needs_info, "amend"),
        {"work-0-relation": "same", "work-0-start": "2019-03-01", "diploma": pdf_upload()},
    )

    html = superuser_client.get(detail_url(needs_info)).content.decode()

    assert "申请人修改了：工作经历" in html
    assert "申请人更换了文件：学历证书" in html
