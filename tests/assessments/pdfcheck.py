"""Look at a PDF the way a person would, with poppler-utils (and zbar-tools for QR codes):
which fonts it embeds, its text, its page count, its pages as PNG images.

    from tests.assessments import pdfcheck

    assert pdfcheck.fonts_embedded(data)            # every font embedded (pdffonts)
    assert "准考证" in pdfcheck.text(data)          # pdftotext
    assert pdfcheck.page_count(data) == 3           # pdfinfo
    pngs = pdfcheck.render(data, tmp_path)          # pdftoppm -png -r 60, one file per page
    assert pdfcheck.qr_codes(pngs[0]) == [url]      # zbarimg

Set KEEP_PDF_PNG=/some/dir to keep the rendered pages for looking at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def _run(args: list[str], data: bytes | None = None) -> str:
    tool = args[0]
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils zbar-tools")
    result = subprocess.run(args, input=data, capture_output=True, check=False, timeout=120)
    if result.returncode != 0 and tool != "zbarimg":
        raise AssertionError(f"{' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8", errors="replace")


def fonts(data: bytes) -> list[dict]:
    """pdffonts' table: one dict per font with name, type, emb (yes/no)."""
    lines = _run(["pdffonts", "-"], data).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [encoding…] emb sub uni object ID: read the fixed columns from the right
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5]})
    return rows


def fonts_embedded(data: bytes) -> bool:
    found = fonts(data)
    return bool(found) and all(row["emb"] == "yes" for row in found)


def text(data: bytes, *, layout: bool = False) -> str:
    return _run(["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", "-", "-"], data)


def page_count(data: bytes) -> int:
    match = re.search(r"^Pages:\s+(\d+)", _run(["pdfinfo", "-"], data), re.M)
    assert match, "pdfinfo gave no page count"
    return int(match.group(1))


def render(data: bytes, directory: Path, *, resolution: int = 60, name: str = "page") -> list[Path]:
    """The pages as PNG files (pdftoppm), in order."""
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / f"{name}.pdf"
    source.write_bytes(data)
    _run(["pdftoppm", "-png", "-r", str(resolution), str(source), str(directory / name)])
    pages = sorted(directory.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    keep = os.environ.get("KEEP_PDF_PNG")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for page in pages:
            shutil.copy(page, Path(keep) / page.name)
    return pages


def qr_codes(png: Path) -> list[str]:
    """The QR codes zbarimg reads in the image."""
    out = _run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)])
    return [line for line in out.splitlines() if line]


def dark_fraction(png: Path, box: tuple[int, int, int, int] | None = None) -> float:
    """How much of the image (or of ``box``) is dark: a blank page is ~0."""
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L")
        if box:
            gray = gray.crop(box)
        histogram = gray.histogram()
    return sum(histogram[:128]) / max(1, sum(histogram))
