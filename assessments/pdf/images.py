"""QR codes and photos on a reportlab canvas."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

import segno
from PIL import Image, ImageOps
from reportlab.lib.colors import black, white
from reportlab.lib.utils import ImageReader

from assessments.pdf.fonts import register_fonts

#: A photo is scaled to this resolution before it is embedded (enough for print, keeps a
#: batch of a thousand tickets small and fast).
PHOTO_DPI = 150


def draw_qr(
    canvas,
    data: str,
    x: float,
    y: float,
    size: float,
    *,
    error: str = "m",
    mask: int | None = None,
) -> None:
    """Draw a QR code of ``data`` as vector squares, lower-left corner at (x, y), ``size``
    points wide (quiet zone included). Always a full QR code (``segno.make_qr``): plain
    ``segno.make`` may choose a Micro QR that phone scanners cannot read. ``mask`` (0–7)
    skips segno's search for the best mask pattern (most of its time; any mask decodes):
    for batches of thousands of codes."""
    qr = segno.make_qr(data, error=error, mask=mask)
    matrix = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    modules = len(matrix)
    unit = size / modules
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * unit
        column = 0
        while column < modules:
            if row[column]:
                start = column
                while column < modules and row[column]:
                    column += 1
                # a run of dark modules as one rectangle (slightly overlapping: no hairlines)
                path.rect(x + start * unit, top, (column - start) * unit + 0.01, unit + 0.01)
            else:
                column += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class JpegReader(ImageReader):
    """An ImageReader that reportlab embeds as the JPEG it is (DCTDecode), instead of decoding
    it and compressing the pixels again."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._jpeg = data

    def jpeg_fh(self):
        return io.BytesIO(self._jpeg)


def photo_reader(source, *, width: float, height: float) -> ImageReader | None:
    """An ImageReader of the photo in ``source`` (a path, bytes or an open file), turned upright
    (EXIF), cropped to the box's proportions around its centre and scaled to PHOTO_DPI for a box
    of ``width`` × ``height`` points. None when there is no photo or it cannot be read."""
    if source is None:
        return None
    try:
        with _open(source) as image:
            pixels = (
                max(1, round(width / 72 * PHOTO_DPI)),
                max(1, round(height / 72 * PHOTO_DPI)),
            )
            # a JPEG decodes straight at 1/2, 1/4 or 1/8 of its size when that is enough
            image.draft("RGB", (pixels[0] * 2, pixels[1] * 2))
            image = ImageOps.exif_transpose(image).convert("RGB")
            image = ImageOps.fit(image, pixels, Image.Resampling.BILINEAR)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return JpegReader(out.getvalue())


def draw_photo(
    canvas, source, x: float, y: float, width: float, height: float, *, label: str = "照片"
) -> bool:
    """Place the photo in ``source`` in the box at (x, y) with a thin frame; without a photo
    the box shows ``label`` (e.g. for gluing one on). Returns whether a photo was placed.
    ``source`` may also be a ready ImageReader (from ``photo_reader``)."""
    reader = (
        source
        if isinstance(source, ImageReader)
        else photo_reader(source, width=width, height=height)
    )
    canvas.saveState()
    if reader is not None:
        canvas.drawImage(reader, x, y, width, height)
    else:
        canvas.setFont(register_fonts(), 9)
        canvas.setFillColorRGB(0.45, 0.45, 0.45)
        canvas.drawCentredString(x + width / 2, y + height / 2 - 3, label)
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.restoreState()
    return reader is not None


def _open(source) -> Image.Image:
    if isinstance(source, bytes | bytearray):
        return Image.open(io.BytesIO(source))
    if isinstance(source, str | Path):
        return Image.open(source)
    file: IO = source
    if hasattr(file, "open") and getattr(file, "closed", False):
        file.open("rb")
    if hasattr(file, "seek"):
        file.seek(0)
    return Image.open(io.BytesIO(file.read()))
