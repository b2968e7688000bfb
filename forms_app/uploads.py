"""Checking applicants' uploads by their content, and re-encoding images so no metadata remains.

Nothing here trusts a file's name or the browser's content type: a file is what its bytes are.

* Photos (证件照): JPEG or PNG as Pillow reads them; at most ``FORMS_APP_PHOTO_MAX_SIZE`` bytes
  (default 5 MB); at least 295×413 pixels (width × height, after applying the EXIF
  orientation) and at most 4000×4000, checked from the header before any pixel is decoded (so a
  decompression bomb is refused unread). Stored re-encoded as JPEG (quality 90), which drops
  EXIF (camera, GPS position, time), XMP and comments.
* Documents (证明材料): PDF (must start with ``%PDF-``), JPEG or PNG by their magic bytes; each
  document field has its own size limit: the form field's 默认值 (default value) read as a number
  of MB (e.g. "5"), else ``FORMS_APP_DOCUMENT_MAX_SIZE`` bytes (default 10 MB), never more than
  ``FORMS_APP_DOCUMENT_HARD_MAX_SIZE`` (default 20 MB). Images among them are re-encoded in their
  own format without metadata, like photos; PDFs are kept as uploaded. Image documents of more
  than 25 million pixels are refused from the header; large JPEGs are decoded (and kept) at
  reduced size, so one upload costs a worker well under 100 MB.
* One application's uploads together: at most ``FORMS_APP_UPLOAD_TOTAL_MAX_SIZE`` bytes (default
  30 MB, counted as uploaded).

The web server in front of Django should refuse request bodies much larger than the total (e.g.
nginx ``client_max_body_size 40m``): Django's own DATA_UPLOAD_MAX_MEMORY_SIZE ignores files.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024

PHOTO_MIN_SIZE = (295, 413)  # width, height: a 1-inch ID photo at 300 dpi
PHOTO_MAX_SIZE = (4000, 4000)
PHOTO_QUALITY = 90
#: Documents are often phone photos of certificates. Decoded pixels cost memory (3-4 bytes
#: each, more while re-encoding): more than this many are refused from the header, before any
#: pixel is decoded (a 7000×7000 PNG of 208 KB would cost a worker 400-700 MB).
DOCUMENT_MAX_PIXELS = 25_000_000
#: JPEG documents are decoded at 1/2, 1/4 or 1/8 scale (Image.draft, done by the JPEG decoder
#: itself) while that still leaves at least this many pixels, and stored at that size: enough
#: to read a certificate, and a 24 MP photo costs a fraction of its full decoded size.
DOCUMENT_STORED_PIXELS = 6_000_000
IMAGE_FORMATS = ("JPEG", "PNG")  # Pillow reads multi-picture JPEGs (MPO) with JPEG

MAGIC = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}


def photo_max_size() -> int:
    return getattr(settings, "FORMS_APP_PHOTO_MAX_SIZE", 5 * MB)


def document_default_max_size() -> int:
    return getattr(settings, "FORMS_APP_DOCUMENT_MAX_SIZE", 10 * MB)


def document_hard_max_size() -> int:
    return getattr(settings, "FORMS_APP_DOCUMENT_HARD_MAX_SIZE", 20 * MB)


def total_max_size() -> int:
    return getattr(settings, "FORMS_APP_UPLOAD_TOTAL_MAX_SIZE", 30 * MB)


def document_max_size(configured: str | None) -> int:
    """The size limit of one document field: its 默认值 in MB if that is a number, else the
    setting; never above the hard maximum."""
    try:
        size = int(float(str(configured).strip()) * MB)
    except (TypeError, ValueError):
        size = document_default_max_size()
    if size <= 0:
        size = document_default_max_size()
    return min(size, document_hard_max_size())


def format_size(size: int) -> str:
    """1 MB, 1.1 MB, 300 KB: rounded up, so a file just over a limit never reads as equal."""
    if size >= MB:
        return f"{math.ceil(size * 10 / MB) / 10:.1f}".removesuffix(".0") + " MB"
    return f"{max(math.ceil(size / 1024), 1)} KB"


class CleanUpload(File):
    """A checked upload, ready for ApplicationFile: a safe name, the type found in its bytes,
    what the applicant called it and how big it was when uploaded."""

    def __init__(self, file, *, name: str, content_type: str, original_name: str, original_size):
        super().__init__(file, name)
        self.content_type = content_type
        self.original_name = original_name
        self.original_size = original_size


@dataclass(frozen=True)
class _Decoded:
    image: Image.Image
    format: str


def _too_big(upload, limit: int, what: str) -> ValidationError:
    return ValidationError(
        _("%(what)s文件太大（%(size)s），不能超过 %(limit)s。请压缩后重新上传。")
        % {"what": what, "size": format_size(upload.size), "limit": format_size(limit)},
        code="file_too_big",
    )


def _open_image(
    upload,
    *,
    max_size: tuple[int, int] | None,
    max_pixels: int,
    not_image: str,
    reduce_to: int | None = None,
):
    """Open and decode an image after checking its dimensions from the header.

    ``reduce_to``: a JPEG is decoded at the smallest of 1/2, 1/4, 1/8 scale that keeps at least
    this many pixels."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=IMAGE_FORMATS)
            width, height = image.size
            too_large = width * height > max_pixels or (
                max_size is not None and (width > max_size[0] or height > max_size[1])
            )
            if too_large:
                limit = max_size or (width, height)
                raise ValidationError(
                    _("图片尺寸太大（%(w)d×%(h)d 像素），不能超过 %(mw)d×%(mh)d 像素。")
                    % {"w": width, "h": height, "mw": limit[0], "mh": limit[1]}
                    if max_size
                    else _(
                        "图片像素太多（%(w)d×%(h)d，约%(mp)d万像素），不能超过%(limit)d万像素，"
                        "请缩小后重新上传。"
                    )
                    % {
                        "w": width,
                        "h": height,
                        "mp": width * height // 10_000,
                        "limit": max_pixels // 10_000,
                    },
                    code="image_too_large",
                )
            if reduce_to and image.format in ("JPEG", "MPO") and width * height > reduce_to:
                scale = math.sqrt(reduce_to / (width * height))
                image.draft(image.mode, (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("图片像素太多，请缩小后重新上传。"), code="image_too_large"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(not_image, code="not_an_image") from None
    return _Decoded(image=image, format="JPEG" if image.format == "MPO" else image.format)


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation to the pixels (the tag itself is dropped on re-encoding)."""
    try:
        # in place: no second copy of the pixels when the orientation needs no change
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # a broken EXIF block: keep the pixels as they are
        pass
    return image


def _rgb(image: Image.Image) -> Image.Image:
    """Flatten transparency onto white: JPEG has no alpha channel."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, fmt: str, *, not_image: str) -> bytes:
    out = io.BytesIO()
    try:
        if fmt == "PNG":
            image.save(out, "PNG", optimize=True)  # no pnginfo, no exif: text chunks dropped
        else:
            _rgb(image).save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    except (OSError, ValueError):  # an exotic mode Pillow cannot write
        raise ValidationError(not_image, code="not_an_image") from None
    return out.getvalue()


def clean_photo(upload) -> CleanUpload:
    """A JPEG or PNG photo of the right size, re-encoded as JPEG without metadata."""
    limit = photo_max_size()
    if upload.size > limit:
        raise _too_big(upload, limit, _("证件照"))
    not_image = _("证件照只能是 JPG 或 PNG 格式的照片，该文件不是有效的图片，请重新选择。")
    decoded = _open_image(
        upload,
        max_size=PHOTO_MAX_SIZE,
        max_pixels=PHOTO_MAX_SIZE[0] * PHOTO_MAX_SIZE[1],
        not_image=not_image,
    )
    image = _upright(decoded.image)
    width, height = image.size
    if width < PHOTO_MIN_SIZE[0] or height < PHOTO_MIN_SIZE[1]:
        raise ValidationError(
            _(
                "照片尺寸太小（%(w)d×%(h)d 像素），至少需要宽 %(mw)d、高 %(mh)d 像素，"
                "请上传更清晰的竖版证件照。"
            )
            % {"w": width, "h": height, "mw": PHOTO_MIN_SIZE[0], "mh": PHOTO_MIN_SIZE[1]},
            code="image_too_small",
        )
    data = _encode(image, "JPEG", not_image=not_image)
    return CleanUpload(
        io.BytesIO(data),
        name="photo.jpg",
        content_type="image/jpeg",
        original_name=(upload.name or "")[:255],
        original_size=upload.size,
    )


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG, from its first bytes."""
    for magic, found in MAGIC.items():
        if head.startswith(magic):
            return found
    return None


def clean_document(upload, *, max_size: int) -> CleanUpload:
    """A PDF, JPEG or PNG up to ``max_size`` bytes; images are re-encoded without metadata."""
    if upload.size > max_size:
        raise _too_big(upload, max_size, _("证明材料"))
    upload.seek(0)
    found = sniff(upload.read(16))
    not_allowed = _("证明材料只能是 PDF、JPG 或 PNG 文件，该文件的内容不是这几种格式，请重新选择。")
    if found is None:
        raise ValidationError(not_allowed, code="file_type")
    content_type, extension = found
    original = dict(original_name=(upload.name or "")[:255], original_size=upload.size)
    if content_type == "application/pdf":
        upload.seek(0)
        return CleanUpload(upload, name="document.pdf", content_type=content_type, **original)
    decoded = _open_image(
        upload,
        max_size=None,
        max_pixels=DOCUMENT_MAX_PIXELS,
        not_image=not_allowed,
        reduce_to=DOCUMENT_STORED_PIXELS,
    )
    data = _encode(_upright(decoded.image), decoded.format, not_image=not_allowed)
    extension = "png" if decoded.format == "PNG" else "jpg"
    return CleanUpload(
        io.BytesIO(data),
        name=f"document.{extension}",
        content_type=f"image/{'png' if extension == 'png' else 'jpeg'}",
        **original,
    )


def check_total_size(form) -> None:
    """A form check: all of one application's uploads together stay under the total limit."""
    uploads = [v for v in form.cleaned_data.values() if isinstance(v, CleanUpload)]
    total = sum(upload.original_size for upload in uploads)
    limit = total_max_size()
    if total > limit:
        form.add_error(
            None,
            ValidationError(
                _("上传的文件合计 %(size)s，超过了每份报名 %(limit)s 的上限，请压缩后重新上传。")
                % {"size": format_size(total), "limit": format_size(limit)},
                code="total_too_big",
            ),
        )


@checks.register(checks.Tags.security, deploy=False)
def check_private_media_root(app_configs=None, **kwargs):
    """Applicants' files must not lie under MEDIA_ROOT or STATIC_ROOT, which are served publicly."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if not public:
            continue
        public = Path(public).resolve()
        if private == public or public in private.parents or private in public.parents:
            errors.append(
                checks.Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}): applicants' "
                    "files would be publicly reachable.",
                    hint=f"Point PRIVATE_MEDIA_ROOT at a folder outside {name}.",
                    id="forms_app.E001",
                )
            )
    return errors
