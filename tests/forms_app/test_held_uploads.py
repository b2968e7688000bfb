"""A phone applicant chooses each file once: after any error the checked photo and documents are
kept (private, tied to this browser or the draft), shown as "已上传：…（可更换）", and submitted
with the corrected form; a stranger with the token cannot use them."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from forms_app import held_uploads
from forms_app.models import Application, ApplicationDraft, HeldUpload
from tests.forms_app.factories import (
    applicant,
    field,
    image_bytes,
    jpeg_upload,
    pdf_bytes,
    pdf_upload,
    registration_page,
    standard_fields,
    upload,
)


@pytest.fixture
def form_page(occupation, exam_period, private_media):
    return registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=standard_fields()
        + [
            field("photo", "photo", "证件照", required=True),
            field("document", "diploma", "学历证书"),
        ],
    )


def tokens(response) -> dict[str, str]:
    """The kept files' tokens the form carries, by field."""
    html = response.content.decode()
    return dict(re.findall(r'name="held-upload-([\w-]+)" value="([^"]+)"', html))


def held_files(private_media: Path) -> list[Path]:
    return [p for p in (private_media / "held").glob("*") if p.is_file()]


def with_tokens(data: dict, found: dict[str, str]) -> dict:
    return {**data, **{f"held-upload-{name}": token for name, token in found.items()}}


def first_try_with_a_typo(client, form_page, **overrides):
    """Everything right and both files chosen, but a mobile number one digit short."""
    return client.post(
        form_page.url,
        {
            **applicant(mobile="1380013800", confirm_review="1", **overrides),
            "photo": jpeg_upload("我的证件照.jpg"),
            "diploma": pdf_upload("毕业证.pdf"),
        },
    )


def test_after_an_error_the_files_are_kept_and_shown_as_replaceable(
    client, form_page, private_media
):
    response = first_try_with_a_typo(client, form_page)

    assert response.status_code == 400
    html = response.content.decode()
    assert "已上传：我的证件照.jpg（可更换）" in html
    assert "已上传：毕业证.pdf（可更换）" in html
    assert "已上传的文件已为您保留，无需重新选择" in html
    assert "请重新选择" not in html
    assert set(tokens(response)) == {"photo", "diploma"}
    assert len(held_files(private_media)) == 2
    assert Application.objects.count() == 0


def test_the_corrected_form_submits_the_kept_files_without_choosing_them_again(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    first = first_try_with_a_typo(client, form_page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_page.url, with_tokens(applicant(confirm_review="1"), tokens(first))
        )

    assert response.status_code == 302, response.content.decode()
    application = Application.objects.get()
    files = {f.field_name: f for f in application.files.all()}
    assert set(files) == {"photo", "diploma"}
    assert files["photo"].original_name == "我的证件照.jpg"
    assert files["photo"].content_type == "image/jpeg"
    assert Path(files["diploma"].file.path).read_bytes() == pdf_bytes()
    assert application.number in files["photo"].file.name
    # Submitted: the kept copies are gone.
    assert HeldUpload.objects.count() == 0
    assert held_files(private_media) == []


def test_choosing_a_new_file_replaces_the_kept_one(client, form_page, private_media):
    first = first_try_with_a_typo(client, form_page)
    newer = upload("新照片.png", image_bytes((400, 500), fmt="PNG"), "image/png")

    response = client.post(
        form_page.url,
        {**with_tokens(applicant(confirm_review="1"), tokens(first)), "photo": newer},
    )

    assert response.status_code == 302, response.content.decode()
    photo = Application.objects.get().files.get(field_name="photo")
    assert photo.original_name == "新照片.png"


def test_a_kept_file_survives_several_errors(client, form_page, private_media):
    first = first_try_with_a_typo(client, form_page)
    second = client.post(
        form_page.url, with_tokens(applicant(name="", confirm_review="1"), tokens(first))
    )
    assert second.status_code == 400
    assert "已上传：我的证件照.jpg（可更换）" in second.content.decode()

    third = client.post(form_page.url, with_tokens(applicant(confirm_review="1"), tokens(second)))

    assert third.status_code == 302
    assert Application.objects.get().files.count() == 2


def test_a_stranger_with_the_token_cannot_attach_the_file(client, form_page, private_media):
    found = tokens(first_try_with_a_typo(client, form_page))
    stranger = Client()  # another browser: no form-session cookie of the applicant

    response = stranger.post(form_page.url, with_tokens(applicant(7, confirm_review="1"), found))

    assert response.status_code == 400
    html = response.content.decode()
    assert "我的证件照.jpg" not in html and "毕业证.pdf" not in html
    assert "请选择要上传的文件" in html  # the required photo is missing for the stranger
    assert Application.objects.count() == 0
    assert HeldUpload.objects.count() == 2  # still the applicant's


def test_a_token_does_not_move_to_another_field(client, form_page, private_media):
    found = tokens(first_try_with_a_typo(client, form_page))

    response = client.post(
        form_page.url,
        {**applicant(confirm_review="1"), "held-upload-photo": found["diploma"]},
    )

    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_without_consent_to_sensitive_data_no_file_is_kept(client, form_page, private_media):
    response = first_try_with_a_typo(client, form_page, consent_sensitive=None)

    assert response.status_code == 400
    html = response.content.decode()
    assert "上传的文件没有保存" in html
    assert "已上传：" not in html and tokens(response) == {}
    assert HeldUpload.objects.count() == 0 and held_files(private_media) == []


def test_the_ineligible_question_keeps_the_files_and_one_click_submits(
    client, form_page, private_media
):
    asked = client.post(
        form_page.url,
        {
            **applicant(confirm_review=None),
            "photo": jpeg_upload("我的证件照.jpg"),
            "diploma": pdf_upload("毕业证.pdf"),
        },
    )
    assert asked.status_code == 422
    html = asked.content.decode()
    assert "已上传的文件会一并提交，无需重新选择" in html
    assert re.search(
        r'<button type="submit" form="registration-form" name="confirm_review" value="1">'
        r"仍要提交，由工作人员审核</button>",
        html,
    )

    # The button sends the form (with its kept files) and confirm_review=1.
    confirmed = client.post(
        form_page.url, with_tokens(applicant(confirm_review="1"), tokens(asked))
    )

    assert confirmed.status_code == 302
    application = Application.objects.get()
    assert application.files.count() == 2 and not application.eligible


def test_once_confirmed_a_later_error_does_not_ask_again(client, form_page, private_media):
    response = client.post(form_page.url, applicant(name="", confirm_review="1"))

    assert response.status_code == 400
    html = response.content.decode()
    assert '<input type="hidden" name="confirm_review" value="1">' in html
    assert "仍要提交，由工作人员审核" not in html


def test_expired_kept_files_are_deleted_and_no_longer_count(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    found = tokens(first_try_with_a_typo(client, form_page))
    HeldUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(form_page.url, with_tokens(applicant(confirm_review="1"), found))
    assert response.status_code == 400  # the required photo is gone
    with django_capture_on_commit_callbacks(execute=True):
        assert held_uploads.purge_expired() == 2

    assert HeldUpload.objects.count() == 0
    assert held_files(private_media) == []


# --- drafts -----------------------------------------------------------------------------------


def draft_link(response) -> str:
    link = re.search(r'value="http://testserver([^"]+\?draft=[^"]+)"', response.content.decode())
    return unescape(link[1])


def test_files_saved_with_a_draft_come_back_through_its_link_on_another_phone(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    saved = client.post(
        form_page.url,
        {
            **applicant(confirm_review="1"),
            "photo": jpeg_upload("我的证件照.jpg"),
            "save_draft": "1",
        },
    )
    assert "草稿同时保存了已上传的文件：我的证件照.jpg" in saved.content.decode()
    link = draft_link(saved)
    other_phone = Client()

    resumed = other_phone.get(link)

    assert "已上传：我的证件照.jpg（可更换）" in resumed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = other_phone.post(
            link, with_tokens(applicant(confirm_review="1"), tokens(resumed))
        )
    assert submitted.status_code == 302, submitted.content.decode()
    assert Application.objects.get().files.get().original_name == "我的证件照.jpg"
    assert ApplicationDraft.objects.count() == 0
    assert HeldUpload.objects.count() == 0 and held_files(private_media) == []


def test_a_deleted_draft_takes_its_files_with_it(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    client.post(
        form_page.url,
        {**applicant(confirm_review="1"), "photo": jpeg_upload(), "save_draft": "1"},
    )
    assert len(held_files(private_media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        ApplicationDraft.objects.all().delete()

    assert HeldUpload.objects.count() == 0
    assert held_files(private_media) == []


def test_the_scheduled_prune_deletes_expired_kept_files(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    first_try_with_a_typo(client, form_page)
    HeldUpload.objects.filter(field_name="photo").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_personal_data")

    assert list(HeldUpload.objects.values_list("field_name", flat=True)) == ["diploma"]
    assert len(held_files(private_media)) == 1


def test_a_new_file_replaces_the_browsers_earlier_kept_one(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    first_try_with_a_typo(client, form_page)

    with django_capture_on_commit_callbacks(execute=True):
        second = first_try_with_a_typo(client, form_page)  # both files chosen again

    assert second.status_code == 400
    assert HeldUpload.objects.count() == 2
    assert len(held_files(private_media)) == 2


def test_one_address_cannot_fill_the_disk_with_kept_files(
    client, form_page, private_media, settings
):
    settings.FORMS_APP_HELD_UPLOADS_PER_IP = (3, 3600)
    first_try_with_a_typo(client, form_page)  # two kept

    response = first_try_with_a_typo(client, form_page)  # one more allowed, then none

    assert HeldUpload.objects.count() == 1 + 1  # the photo replaced; the diploma refused
    html = response.content.decode()
    assert "已上传：我的证件照.jpg（可更换）" in html
    assert "已上传：毕业证.pdf（可更换）" not in html
