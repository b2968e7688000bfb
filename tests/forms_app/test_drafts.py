"""保存草稿，稍后继续: an applicant saves a half-filled form, comes back through the link, and
submits; drafts are encrypted, never hold files, expire, and are limited per IP address."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.utils import timezone

from forms_app.drafts import DRAFTS_PER_IP, token_hash
from forms_app.models import Application, ApplicationDraft
from tests.forms_app.factories import (
    CONSENT,
    applicant,
    jpeg_upload,
    profile_fields,
    registration_page,
    standard_fields,
    valid_id_number,
)
from tests.forms_app.test_support import request_code

ID_NUMBER = valid_id_number(7)
MOBILE = "13912345678"


@pytest.fixture
def form_page(occupation, exam_period, private_media):
    return registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=standard_fields() + profile_fields(),
    )


def half_filled(**overrides) -> dict:
    """Name, ID, mobile and one work row; no level chosen yet."""
    data = {
        "name": "李四",
        "id_number": ID_NUMBER,
        "mobile": MOBILE,
        "target": "",
        "work-0-relation": "same",
        "work-0-start": "2018-04-01",
        "work-0-end": "",
        "work-0-employer": "锡林浩特某网店",
        "apprenticeship": "on",
        **CONSENT,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def save_draft(client, url, data) -> tuple:
    response = client.post(url, {**data, "save_draft": "1"})
    link = re.search(r'value="(http://testserver[^"]+\?draft=[^"]+)"', response.content.decode())
    return response, unescape(link[1]) if link else None


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


# --- saving -------------------------------------------------------------------------------------


def test_the_form_offers_to_save_a_draft(client, form_page):
    html = client.get(form_page.url).content.decode()

    assert 'name="save_draft"' in html
    assert "保存草稿，稍后继续" in html


def test_saving_shows_the_link_to_come_back(client, form_page):
    response, link = save_draft(client, form_page.url, half_filled())

    assert response.status_code == 200
    html = response.content.decode()
    assert "草稿已保存" in html
    assert link.startswith(f"http://testserver{form_page.url}?draft=")
    assert "不要转发" in html
    assert "no-store" in response["Cache-Control"]
    draft = ApplicationDraft.objects.get()
    assert draft.form_page_id == form_page.pk
    assert timedelta(days=29) < draft.expires_at - timezone.now() <= timedelta(days=30)
    assert Application.objects.count() == 0


def test_a_draft_needs_no_valid_form(client, form_page):
    response, link = save_draft(client, form_page.url, {"name": "王", "mobile": "12", **CONSENT})

    assert response.status_code == 200 and link


def test_the_draft_is_encrypted_and_the_token_is_not_stored(client, form_page):
    _, link = save_draft(client, form_page.url, half_filled())
    token = link.rpartition("draft=")[2]

    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash, payload FROM forms_app_applicationdraft")
        stored_hash, payload = cursor.fetchone()
    assert stored_hash == token_hash(token) and token not in stored_hash
    for secret in (ID_NUMBER, MOBILE, "李四", "锡林浩特"):
        assert secret not in payload
    assert len(token) >= 40


def test_files_saved_with_a_draft_are_kept_privately_outside_its_payload(
    client, form_page, private_media
):
    save_draft(client, form_page.url, {**half_filled(), "photo": jpeg_upload("我的照片.jpg")})

    values = ApplicationDraft.objects.get().payload
    assert "photo" not in values and "我的照片" not in values
    stored = [path for path in private_media.rglob("*") if path.is_file()]
    assert len(stored) == 1 and stored[0].parent == private_media / "held"


def test_without_consent_no_draft_is_stored(client, form_page, private_media):
    response, link = save_draft(
        client,
        form_page.url,
        {**half_filled(consent_sensitive=None), "photo": jpeg_upload()},
    )

    assert response.status_code == 400 and link is None
    assert "勾选两项同意" in response.content.decode()
    assert ApplicationDraft.objects.count() == 0
    assert [path for path in private_media.rglob("*") if path.is_file()] == []


# --- coming back ------------------------------------------------------------------------------


def test_the_link_fills_the_form_in_again(client, form_page):
    _, link = save_draft(client, form_page.url, half_filled())

    response = client.get(path_of(link))

    assert response.status_code == 200
    html = response.content.decode()
    assert "已恢复您保存的草稿" in html
    assert 'name="name" value="李四"' in html
    assert f'value="{ID_NUMBER}"' in html and f'value="{MOBILE}"' in html
    assert 'name="work-0-start" value="2018-04-01"' in html
    assert 'name="work-0-employer" value="锡林浩特某网店"' in html
    assert re.search(r'<option value="same" selected>本职业</option>', html)
    assert re.search(r'type="checkbox" name="apprenticeship"[^>]*checked', html)
    assert "no-store" in response["Cache-Control"]


def test_saving_again_from_the_link_updates_the_same_draft(client, form_page):
    _, link = save_draft(client, form_page.url, half_filled())

    _, second = save_draft(client, path_of(link), half_filled(target="网商|4"))

    assert second == link
    assert ApplicationDraft.objects.count() == 1
    html = client.get(path_of(link)).content.decode()
    assert re.search(r'<option value="网商\|4" selected>', html)


def test_submitting_from_the_link_deletes_the_draft(client, form_page):
    _, link = save_draft(client, form_page.url, half_filled())
    data = half_filled(
        target="网商|4", confirm_review="1", sms_code=request_code(client, mobile=MOBILE)
    )

    response = client.post(path_of(link), data)

    assert response.status_code == 302, response.content.decode()
    assert Application.objects.get().id_number == ID_NUMBER
    assert ApplicationDraft.objects.count() == 0
    html = client.get(path_of(link)).content.decode()
    assert "草稿链接无效或已过期" in html


def test_a_refused_submission_keeps_the_draft(client, form_page):
    _, link = save_draft(client, form_page.url, half_filled())

    response = client.post(path_of(link), half_filled(target="网商|4", mobile="1"))

    assert response.status_code == 400
    assert ApplicationDraft.objects.count() == 1


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300, ""])
def test_an_unknown_link_shows_a_message_and_an_empty_form(client, form_page, token):
    save_draft(client, form_page.url, half_filled())

    response = client.get(f"{form_page.url}?draft={token}")

    assert response.status_code == 200
    html = response.content.decode()
    if token:
        assert "草稿链接无效或已过期（草稿保存30天），请重新填写报名表。" in html
    assert "李四" not in html and ID_NUMBER not in html


def test_an_expired_draft_is_not_shown_and_is_cleaned_up(client, form_page):
    _, link = save_draft(client, form_page.url, half_filled())
    ApplicationDraft.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    html = client.get(path_of(link)).content.decode()

    assert "草稿链接无效或已过期" in html
    assert "李四" not in html and ID_NUMBER not in html
    # the next save (by anyone) deletes expired drafts
    save_draft(client, form_page.url, half_filled(name="赵五"))
    assert ApplicationDraft.objects.count() == 1
    assert ApplicationDraft.objects.get().expires_at > timezone.now()


def test_a_link_works_only_on_its_own_form(client, form_page, occupation, exam_period):
    other = registration_page(occupation=occupation, exam_period=exam_period, slug="apply-other")
    _, link = save_draft(client, form_page.url, half_filled())
    token = link.rpartition("draft=")[2]

    html = client.get(f"{other.url}?draft={token}").content.decode()

    assert "草稿链接无效或已过期" in html and "李四" not in html


# --- refusals ---------------------------------------------------------------------------------


def test_draft_saves_are_limited_per_ip_address(client, form_page, settings):
    assert DRAFTS_PER_IP == (10, 3600)  # 10 saves an hour unless a setting says otherwise
    limit = 3
    settings.FORMS_DRAFT_RATE_PER_IP = (limit, 3600)
    for _ in range(limit):
        assert save_draft(client, form_page.url, half_filled())[0].status_code == 200

    response, link = save_draft(client, form_page.url, half_filled())

    assert response.status_code == 429
    assert link is None
    assert ApplicationDraft.objects.count() == limit


def test_a_bot_filling_the_honeypot_saves_nothing(client, form_page):
    response, link = save_draft(client, form_page.url, half_filled(website="http://spam"))

    assert response.status_code == 400
    assert link is None and ApplicationDraft.objects.count() == 0


def test_no_draft_for_a_closed_form(client, form_page):
    form_page.closes_at = timezone.now() - timedelta(minutes=1)
    form_page.save()

    response, link = save_draft(client, form_page.url, half_filled())

    assert response.status_code == 403
    assert "报名已截止" in response.content.decode()
    assert link is None and ApplicationDraft.objects.count() == 0


def test_saving_a_draft_needs_the_csrf_token(form_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        form_page.url, {**half_filled(), "save_draft": "1"}
    )

    assert response.status_code == 403
    assert ApplicationDraft.objects.count() == 0


def test_a_submission_without_a_draft_still_works(client, form_page):
    response = client.post(form_page.url, applicant(confirm_review="1"))

    assert response.status_code == 302
