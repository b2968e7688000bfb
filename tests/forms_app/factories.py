"""Test data for the registration plugin: ID numbers, exam periods, form pages, applications,
staff users and the files an applicant uploads (JPEG/PNG made with Pillow, a hand-written PDF).
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image
from stdnum.cn import ric

from forms_app.crypto import lookup_hash, mask_id_number, mask_mobile
from forms_app.models import Application, ExamPeriod, FormField, RegistrationFormPage

OCCUPATION = "电子商务师"
SPECIALTY = "网商"
SPECIALTY_SLUG = "online-merchant"
MOBILE = "13800138000"

# --- people -------------------------------------------------------------------------------------


def valid_id_number(n: int = 0, *, birth: date = date(1990, 1, 1), region: str = "152502") -> str:
    """A valid 18-character citizen ID number; different ``n`` give different numbers
    (152502 = 锡林浩特市)."""
    birth = birth + timedelta(days=n // 1000)
    base = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def staff_user(
    username: str = "reviewer",
    *,
    admin_access: bool = True,
    view_application: bool = True,
    superuser: bool = False,
    extra_perms: tuple[str, ...] = (),
):
    """A user with the given permissions ("app_label.codename"); a superuser has them all."""
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "pass-12345!")
    user = User.objects.create_user(username, f"{username}@example.com", "pass-12345!")
    perms = list(extra_perms)
    if admin_access:
        perms.append("wagtailadmin.access_admin")
    if view_application:
        perms.append("forms_app.view_application")
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # fresh permission cache


# --- exam periods and form pages ------------------------------------------------------------------


class ExamPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExamPeriod
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"2026年第{n + 1}批")


def standard_fields() -> list[FormField]:
    """The four fields every registration form needs: name, ID number, mobile, target."""
    return [
        FormField(label="姓名", field_type="full_name", clean_name="name"),
        FormField(label="居民身份证号码", field_type="id_number", clean_name="id_number"),
        FormField(label="手机号码", field_type="mobile", clean_name="mobile"),
        FormField(label="申报工种与等级", field_type="target", clean_name="target"),
    ]


def field(field_type: str, clean_name: str, label: str, **kwargs) -> FormField:
    kwargs.setdefault("required", False)
    return FormField(field_type=field_type, clean_name=clean_name, label=label, **kwargs)


def profile_fields() -> list[FormField]:
    """学历, 工作经历, 证书, 培训, 学徒期满, a photo and a document, all optional."""
    return [
        field("education", "education", "学历", section="学历与经历"),
        field("work_history", "work", "工作经历", section="学历与经历"),
        field("certificates", "certificates", "已取得证书", section="学历与经历"),
        field("training", "training", "正规培训", section="学历与经历"),
        field("apprenticeship", "apprenticeship", "学徒期满", section="学历与经历"),
        field("photo", "photo", "证件照", section="材料"),
        field("document", "diploma", "学历证书", section="材料"),
    ]


def registration_page(
    *,
    occupation,
    exam_period,
    fields: list[FormField] | None = None,
    slug: str = "apply",
    **settings,
) -> RegistrationFormPage:
    """A live registration form under the home page, open from yesterday for 30 days."""
    from hostsite.models import HomePage

    now = timezone.now()
    values = {
        "title": f"{occupation.title}报名（{exam_period.name}）",
        "slug": slug,
        "occupation": occupation,
        "exam_period": exam_period,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        **settings,
    }
    page = RegistrationFormPage(**values)
    page.form_fields = standard_fields() if fields is None else fields
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return RegistrationFormPage.objects.get(pk=page.pk)


#: Both consents of the privacy notice (forms_app.privacy), ticked.
CONSENT = {"consent_privacy": "on", "consent_sensitive": "on"}


def applicant(n: int = 0, **overrides) -> dict:
    """POST data of the standard fields (网商 四级) with both consents ticked and a valid SMS
    code for the mobile (``texted_code``); ``None`` drops a key (e.g. ``consent_sensitive=None``,
    ``sms_code=None``: no code)."""
    data = {
        "name": "张三",
        "id_number": valid_id_number(n),
        "mobile": MOBILE,
        "target": f"{SPECIALTY}|4",
        **CONSENT,
    }
    data.update(overrides)
    if "sms_code" not in data and data.get("mobile"):
        data["sms_code"] = texted_code(data["mobile"])
    return {key: value for key, value in data.items() if value is not None}


def mobile_proof(mobile: str = MOBILE):
    """The proof services.application_submit takes: a texted code (``texted_code``), typed
    back (verification.prove_mobile)."""
    from forms_app.verification import prove_mobile

    return prove_mobile(mobile=mobile, purpose="apply", code=texted_code(mobile))


def texted_code(mobile: str = MOBILE, *, purpose: str = "apply") -> str:
    """A verification code for ``mobile``, as the applicant reads it on the phone: sent through
    forms_app.verification and the console SMS backend, read back from its log. The resend wait
    and the per-mobile limits are lifted for this one request (a test may submit several times
    in a second; those limits have their own tests in test_verification.py); the code itself
    is checked as for everyone. A newer code for the same mobile replaces this one."""
    from django.test import override_settings

    from forms_app import verification
    from tests.forms_app.test_support import captured_sms, last_code

    lifted = override_settings(
        VERIFICATION_RESEND_WAIT=0,
        VERIFICATION_RATE_PER_MOBILE=(10**6, 3600),
        VERIFICATION_RATE_PER_MOBILE_DAY=(10**6, 86400),
        VERIFICATION_RATE_PER_IP=(10**6, 3600),
    )
    mobile = "".join(ch for ch in mobile if ch.isdigit())[-11:]
    with lifted, captured_sms() as lines:
        verification.send_code(mobile=mobile, purpose=purpose, ip="192.0.2.1")
    return last_code(lines)


# --- applications -----------------------------------------------------------------------------


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application, as services.application_submit stores it (no form involved).
    Pass ``occupation`` (an OccupationPage) and ``exam_period``."""

    class Meta:
        model = Application

    number = factory.Sequence(lambda n: f"BM261125T{n:05d}")
    exam_period = factory.SubFactory(ExamPeriodFactory)
    specialty = SPECIALTY
    specialty_slug = SPECIALTY_SLUG
    level = 4
    name = "张三"
    id_number = factory.Sequence(valid_id_number)
    id_number_hash = factory.LazyAttribute(lambda o: lookup_hash(o.id_number))
    id_number_masked = factory.LazyAttribute(lambda o: mask_id_number(o.id_number))
    mobile = MOBILE
    mobile_hash = factory.LazyAttribute(lambda o: lookup_hash(o.mobile))
    mobile_masked = factory.LazyAttribute(lambda o: mask_mobile(o.mobile))


# --- files --------------------------------------------------------------------------------------


def image_bytes(
    size: tuple[int, int] = (600, 800),
    *,
    fmt: str = "JPEG",
    color=(40, 120, 200),
    gps: bool = False,
    orientation: int | None = None,
    mode: str = "RGB",
) -> bytes:
    """An image made with Pillow; ``gps`` adds EXIF with camera and GPS position."""
    image = Image.new(mode, size, color if mode != "1" else 1)
    out = io.BytesIO()
    options = {}
    if gps or orientation:
        exif = Image.Exif()
        if gps:
            exif[ExifTags.Base.Make] = "TestPhone"
            exif[ExifTags.Base.Model] = "Model X"
            gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
            gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
            gps_ifd[ExifTags.GPS.GPSLatitude] = (43.0, 56.0, 30.0)
            gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
            gps_ifd[ExifTags.GPS.GPSLongitude] = (116.0, 5.0, 10.0)
        if orientation:
            exif[ExifTags.Base.Orientation] = orientation
        options["exif"] = exif
    image.save(out, fmt, **options)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions but holds almost no data (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bytes(text: str = "Diploma") -> bytes:
    """A tiny valid one-page PDF, written by hand (correct xref offsets)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = f"BT /F1 12 Tf 20 50 Td ({text}) Tj ET".encode()
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """A file as the browser sends it (name and content type chosen by the applicant's side)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_upload(name: str = "photo.jpg", **kwargs):
    return upload(name, image_bytes(**kwargs), "image/jpeg")


def pdf_upload(name: str = "diploma.pdf", text: str = "Diploma"):
    return upload(name, pdf_bytes(text), "application/pdf")
