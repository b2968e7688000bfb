"""证件照 and 证明材料 as an applicant uploads them: checked by content, size and dimensions,
re-encoded without EXIF, stored privately, and nothing stored with an application when the form
is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from forms_app.models import Application, ApplicationFile
from tests.forms_app.factories import (
    applicant,
    field,
    image_bytes,
    jpeg_upload,
    pdf_bytes,
    pdf_upload,
    png_header_only,
    registration_page,
    standard_fields,
    upload,
)

MB = 1024 * 1024


@pytest.fixture
def form_page(occupation, exam_period):
    return registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=standard_fields()
        + [
            field("photo", "photo", "证件照", required=True),
            field("document", "diploma", "学历证书"),
            field("document", "small_doc", "工作证明", default_value="1"),
        ],
    )


def submit(client, form_page, **files):
    return client.post(form_page.url, {**applicant(confirm_review="1"), **files})


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def errors_of(response) -> str:
    return response.content.decode()


def assert_nothing_saved(private_media: Path) -> None:
    """No application and none of its files; uploads that passed their checks may be kept for
    the corrected form in held/ (tests/forms_app/test_held_uploads.py)."""
    assert Application.objects.count() == 0
    assert ApplicationFile.objects.count() == 0
    assert [path for path in stored_files(private_media) if path.parent.name != "held"] == []


# --- accepted files -----------------------------------------------------------------------------


def test_a_photo_and_a_pdf_are_stored_privately_with_the_application(
    client, form_page, private_media
):
    response = submit(client, form_page, photo=jpeg_upload(), diploma=pdf_upload())

    assert response.status_code == 302, errors_of(response)
    application = Application.objects.get()
    files = {f.field_name: f for f in application.files.all()}
    assert set(files) == {"photo", "diploma"}
    photo, diploma = files["photo"], files["diploma"]
    assert (photo.kind, photo.content_type, photo.original_name) == (
        "photo",
        "image/jpeg",
        "photo.jpg",
    )
    assert (diploma.kind, diploma.content_type) == ("document", "application/pdf")
    assert Path(diploma.file.path).read_bytes() == pdf_bytes()
    for stored in (photo, diploma):
        assert Path(stored.file.path).is_relative_to(private_media)
        assert application.number in stored.file.name
    assert "photo" not in application.answers and "diploma" not in application.answers


def test_stored_files_are_readable_by_the_sites_user_only(client, form_page, private_media):
    response = submit(client, form_page, photo=jpeg_upload(), diploma=pdf_upload())

    assert response.status_code == 302, errors_of(response)
    for stored in ApplicationFile.objects.all():
        path = Path(stored.file.path)
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700


def test_the_stored_photo_has_no_exif_and_no_gps_position(client, form_page, private_media):
    original = image_bytes((600, 800), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload has GPS

    response = submit(client, form_page, photo=upload("IMG_0001.JPG", original, "image/jpeg"))

    assert response.status_code == 302, errors_of(response)
    stored = Path(ApplicationFile.objects.get(field_name="photo").file.path).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"TestPhone" not in stored and b"Exif" not in stored


def test_a_sideways_phone_photo_is_stored_upright(client, form_page, private_media):
    # Taken rotated: 800×600 pixels with EXIF orientation 6 ("rotate 90° to view").
    sideways = image_bytes((800, 600), orientation=6)

    response = submit(client, form_page, photo=upload("photo.jpg", sideways, "image/jpeg"))

    assert response.status_code == 302, errors_of(response)
    stored = ApplicationFile.objects.get(field_name="photo")
    assert Image.open(stored.file.path).size == (600, 800)


def test_a_png_photo_with_transparency_becomes_a_jpeg(client, form_page, private_media):
    png = image_bytes((400, 500), fmt="PNG", mode="RGBA", color=(0, 0, 0, 0))

    response = submit(client, form_page, photo=upload("photo.png", png, "image/png"))

    assert response.status_code == 302, errors_of(response)
    stored = ApplicationFile.objects.get(field_name="photo")
    image = Image.open(stored.file.path)
    assert (image.format, image.mode, stored.content_type) == ("JPEG", "RGB", "image/jpeg")
    assert image.getpixel((10, 10)) == (255, 255, 255)  # transparent became white, not black


def test_a_document_is_judged_by_its_bytes_not_its_name(client, form_page, private_media):
    # A PDF named .jpg and sent as image/jpeg is stored as the PDF it is.
    response = submit(
        client,
        form_page,
        photo=jpeg_upload(),
        diploma=upload("scan.jpg", pdf_bytes(), "image/jpeg"),
    )

    assert response.status_code == 302, errors_of(response)
    stored = ApplicationFile.objects.get(field_name="diploma")
    assert stored.content_type == "application/pdf"
    assert stored.file.name.endswith(".pdf")


def test_an_image_document_is_stored_without_its_gps_position(client, form_page, private_media):
    scan = image_bytes((1200, 900), gps=True)

    response = submit(
        client, form_page, photo=jpeg_upload(), diploma=upload("cert.jpg", scan, "image/jpeg")
    )

    assert response.status_code == 302, errors_of(response)
    stored = Path(ApplicationFile.objects.get(field_name="diploma").file.path).read_bytes()
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    assert b"TestPhone" not in stored


# --- refused files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, content_type, message",
    [
        ("photo.jpg", "这不是图片，只是文字。".encode(), "image/jpeg", "不是有效的图片"),
        ("photo.pdf", pdf_bytes(), "application/pdf", "不是有效的图片"),
        ("photo.gif", image_bytes((400, 500), fmt="GIF"), "image/gif", "不是有效的图片"),
        ("photo.jpg", image_bytes((200, 300)), "image/jpeg", "照片尺寸太小（200×300 像素）"),
        ("photo.jpg", image_bytes((4001, 800)), "image/jpeg", "不能超过 4000×4000 像素"),
        ("bomb.png", png_header_only(40000, 40000), "image/png", "像素"),
        (
            "photo.jpg",
            image_bytes((600, 800)) + b"\0" * (5 * MB),
            "image/jpeg",
            "证件照文件太大",
        ),
        ("photo.jpg", b"", "image/jpeg", "上传的文件是空的"),
    ],
    ids=["text-as-jpg", "pdf", "gif", "too-small", "too-wide", "bomb", "over-5MB", "empty"],
)
def test_a_wrong_photo_gets_a_chinese_error_and_nothing_is_saved(
    client, form_page, private_media, name, content, content_type, message
):
    response = submit(client, form_page, photo=upload(name, content, content_type))

    assert response.status_code == 400
    assert message in errors_of(response)
    assert_nothing_saved(private_media)


def test_a_truncated_jpeg_is_refused(client, form_page, private_media):
    broken = image_bytes((600, 800))[:400]

    response = submit(client, form_page, photo=upload("photo.jpg", broken, "image/jpeg"))

    assert response.status_code == 400
    assert "不是有效的图片" in errors_of(response)
    assert_nothing_saved(private_media)


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("diploma.pdf", b"%PD not really a pdf", "application/pdf"),
        ("diploma.jpg", "文字冒充的图片".encode(), "image/jpeg"),
        ("diploma.docx", b"PK\x03\x04 a word document", "application/pdf"),
        ("diploma.png", b"\x89PNG\r\n\x1a\n but nothing after", "image/png"),
    ],
    ids=["not-pdf", "text-as-jpg", "docx", "broken-png"],
)
def test_a_wrong_document_gets_a_chinese_error(
    client, form_page, private_media, name, content, content_type
):
    response = submit(
        client, form_page, photo=jpeg_upload(), diploma=upload(name, content, content_type)
    )

    assert response.status_code == 400
    assert "证明材料只能是 PDF、JPG 或 PNG 文件" in errors_of(response)
    assert_nothing_saved(private_media)


def test_a_document_over_its_fields_limit_is_refused(client, form_page, private_media):
    # small_doc's 默认值 "1" limits it to 1 MB; the same file is fine in the 10 MB field.
    big_pdf = pdf_bytes() + b"%" + b"0" * (1 * MB)

    response = submit(
        client,
        form_page,
        photo=jpeg_upload(),
        small_doc=upload("work.pdf", big_pdf, "application/pdf"),
    )

    assert response.status_code == 400
    assert "证明材料文件太大（1.1 MB），不能超过 1 MB" in errors_of(response)
    assert_nothing_saved(private_media)

    response = submit(
        client,
        form_page,
        photo=jpeg_upload(),
        diploma=upload("work.pdf", big_pdf, "application/pdf"),
    )
    assert response.status_code == 302


def test_the_default_document_limit_is_10_mb(client, form_page, private_media):
    too_big = pdf_bytes() + b"0" * (10 * MB)

    response = submit(
        client, form_page, photo=jpeg_upload(), diploma=upload("d.pdf", too_big, "application/pdf")
    )

    assert response.status_code == 400
    assert "不能超过 10 MB" in errors_of(response)
    assert_nothing_saved(private_media)


def test_the_form_tells_each_fields_limit(client, form_page):
    html = client.get(form_page.url).content.decode()

    assert "JPG 或 PNG，不超过 5 MB，至少 295×413 像素。" in html
    assert "PDF、JPG 或 PNG，不超过 10 MB。" in html
    assert "PDF、JPG 或 PNG，不超过 1 MB。" in html
    assert 'enctype="multipart/form-data"' in html


def test_all_uploads_together_stay_under_the_total_limit(
    client, form_page, private_media, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_APP_UPLOAD_TOTAL_MAX_SIZE = 2 * MB
    document = pdf_bytes() + b"0" * (MB + MB // 2)

    response = submit(
        client,
        form_page,
        photo=jpeg_upload(),
        diploma=upload("a.pdf", document, "application/pdf"),
        small_doc=upload("b.pdf", pdf_bytes(), "application/pdf"),
    )
    assert response.status_code == 302  # 1.5 MB plus two small files: under 2 MB

    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.all().delete()
    response = submit(
        client,
        form_page,
        photo=upload("p.jpg", image_bytes((600, 800)) + b"\0" * (MB // 2), "image/jpeg"),
        diploma=upload("a.pdf", document, "application/pdf"),
    )

    assert response.status_code == 400
    assert "上传的文件合计 2.1 MB，超过了每份报名 2 MB 的上限" in errors_of(response)
    assert_nothing_saved(private_media)


def test_a_required_photo_must_be_chosen(client, form_page, private_media):
    response = submit(client, form_page)

    assert response.status_code == 400
    assert "请选择要上传的文件。" in errors_of(response)
    assert_nothing_saved(private_media)


def test_a_refused_application_keeps_no_files(client, form_page, private_media):
    """Files that were fine are not stored when something else on the form is wrong."""
    response = client.post(
        form_page.url,
        {**applicant(mobile="123"), "photo": jpeg_upload(), "diploma": pdf_upload()},
    )

    assert response.status_code == 400
    assert "请填写有效的11位中国大陆手机号码" in errors_of(response)
    assert_nothing_saved(private_media)


def test_a_submission_that_fails_after_its_files_were_written_keeps_none(
    form_page, private_media, monkeypatch
):
    """The database fails late (here: queueing the notification): the rows roll back and the
    files already written to storage are removed with them; the applicant sees the error page."""
    from django.db import DatabaseError
    from django.test import Client

    from forms_app import lifecycle

    def disk_full(kind, **details):
        assert len(stored_files(private_media)) == 2  # both files were written by now
        raise DatabaseError("database or disk is full")

    monkeypatch.setattr(lifecycle, "notify_later", disk_full)
    browser = Client(raise_request_exception=False)

    response = submit(browser, form_page, photo=jpeg_upload(), diploma=pdf_upload())

    assert response.status_code == 500
    assert_nothing_saved(private_media)


# --- deletion ---------------------------------------------------------------------------------


def test_deleting_an_application_deletes_its_files(
    client, form_page, private_media, django_capture_on_commit_callbacks
):
    submit(client, form_page, photo=jpeg_upload(), diploma=pdf_upload())
    paths = [Path(f.file.path) for f in ApplicationFile.objects.all()]
    assert len(paths) == 2 and all(path.exists() for path in paths)

    with django_capture_on_commit_callbacks() as callbacks:
        Application.objects.get().delete()
    assert all(path.exists() for path in paths)  # kept until the deletion is committed
    for callback in callbacks:
        callback()

    assert not any(path.exists() for path in paths)
    assert stored_files(private_media) == []
