"""Applicants' files reach staff only: /applications/files/<pk>/ for users with admin access and
forms_app.view_application, 404 for everyone else logged in, a login page for strangers; never
under MEDIA_URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile

from forms_app.models import ApplicationFile
from forms_app.uploads import check_private_media_root
from tests.forms_app.factories import ApplicationFactory, image_bytes, pdf_bytes
from tests.forms_app.factories import staff_user as make_staff_user

PHOTO = image_bytes((300, 420))


@pytest.fixture
def application(occupation, exam_period, private_media):
    return ApplicationFactory(
        occupation=occupation, exam_period=exam_period, number="BM261125ABCDEF"
    )


def stored(
    application,
    *,
    field_name="photo",
    kind="photo",
    content=PHOTO,
    name="photo.jpg",
    content_type="image/jpeg",
) -> ApplicationFile:
    return ApplicationFile.objects.create(
        application=application,
        field_name=field_name,
        kind=kind,
        file=ContentFile(content, name=name),
        original_name="我的照片.jpg",
        content_type=content_type,
        size=len(content),
    )


def url(application_file) -> str:
    return f"/applications/files/{application_file.pk}/"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- who gets the file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user, expected",
    [
        (dict(admin_access=True, view_application=True), 200),
        (dict(superuser=True), 200),
        (dict(admin_access=True, view_application=False), 404),
        (dict(admin_access=False, view_application=True), 404),
        (dict(admin_access=False, view_application=False), 404),
    ],
    ids=["reviewer", "superuser", "editor-without-permission", "no-admin-access", "plain-user"],
)
def test_only_staff_who_may_view_applications_get_the_file(client, application, user, expected):
    photo = stored(application)
    client.force_login(make_staff_user("someone", **user))

    response = client.get(url(photo))

    assert response.status_code == expected
    if expected == 200:
        assert body(response) == PHOTO
    else:
        assert PHOTO not in response.content


def test_an_inactive_reviewer_gets_nothing(client, application, staff_user):
    photo = stored(application)
    staff_user.is_active = False
    staff_user.save()
    client.force_login(staff_user)

    response = client.get(url(photo))

    assert response.status_code == 302  # logged out: the login page, not the file


def test_a_stranger_is_sent_to_the_login_page(client, application):
    photo = stored(application)

    response = client.get(url(photo))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert f"/applications/files/{photo.pk}/" in response["Location"].replace("%2F", "/")


def test_a_missing_file_is_404_for_staff_too(staff_client, application):
    photo = stored(application)
    Path(photo.file.path).unlink()

    assert staff_client.get("/applications/files/999999/").status_code == 404
    assert staff_client.get(url(photo)).status_code == 404


# --- how it is sent ---------------------------------------------------------------------------


def assert_downloaded_sandboxed_never_sniffed(response) -> None:
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_photo_is_downloaded_sandboxed_and_never_sniffed(staff_client, application):
    response = staff_client.get(url(stored(application)))

    assert response["Content-Type"] == "image/jpeg"
    assert "BM261125ABCDEF-photo.jpg" in response["Content-Disposition"]
    assert_downloaded_sandboxed_never_sniffed(response)


def test_a_pdf_is_downloaded_sandboxed(staff_client, application):
    document = stored(
        application,
        field_name="diploma",
        kind="document",
        content=pdf_bytes(),
        name="document.pdf",
        content_type="application/pdf",
    )

    response = staff_client.get(url(document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_downloaded_sandboxed_never_sniffed(response)
    assert body(response) == pdf_bytes()


def test_an_unexpected_type_is_downloaded_not_displayed(staff_client, application):
    odd = stored(
        application, content=b"<script>alert(1)</script>", name="x.html", content_type="text/html"
    )

    response = staff_client.get(url(odd))

    assert response["Content-Type"] == "application/octet-stream"
    assert_downloaded_sandboxed_never_sniffed(response)


# --- never public --------------------------------------------------------------------------------


def test_private_media_root_is_outside_media_root():
    private = Path(django_settings.PRIVATE_MEDIA_ROOT).resolve()
    media = Path(django_settings.MEDIA_ROOT).resolve()

    assert not private.is_relative_to(media)
    assert not media.is_relative_to(private)
    assert check_private_media_root() == []


def test_the_system_check_refuses_private_files_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "media" / "private")

    errors = check_private_media_root()

    assert [error.id for error in errors] == ["forms_app.E001"]


def test_a_stored_file_has_no_public_url(client, application, private_media):
    photo = stored(application)

    assert Path(photo.file.path).is_relative_to(private_media)
    with pytest.raises(ValueError):
        _ = photo.file.url
    assert client.get(f"/media/{photo.file.name}").status_code == 404
    assert client.get(f"{django_settings.MEDIA_URL}{photo.file.name}").status_code == 404
