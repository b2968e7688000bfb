"""Run in a fresh process: ``python upload_memory.py make <kind> <w> <h> <path>`` writes a test
image; ``python upload_memory.py measure <path>`` checks it as a document upload and prints, as
JSON, how much the process's peak memory grew (ru_maxrss) and the outcome. A subprocess, so the
figure is this upload's alone (tests/forms_app/test_upload_memory.py)."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def make(kind: str, width: int, height: int, path: str) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 50):  # some detail, so the file is not trivially small
        draw.line([(x, 0), (width - x, height)], fill=(x % 256, 40, 120), width=3)
    image.save(path, kind)


def measure(path: str) -> dict:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.test")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forms_app.uploads import MB, clean_document

    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("document", handle.read(), "application/octet-stream")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    outcome: dict = {}
    try:
        cleaned = clean_document(upload, max_size=20 * MB)
        from PIL import Image

        cleaned.seek(0)
        with Image.open(cleaned) as stored:
            outcome = {"accepted": True, "stored_size": list(stored.size)}
    except ValidationError as error:
        outcome = {"accepted": False, "code": error.code, "message": error.messages[0]}
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "growth_mb": (after - before) / 1024,
        "file_kb": os.path.getsize(path) / 1024,
        **outcome,
    }


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        print(json.dumps(measure(sys.argv[2]), ensure_ascii=False))
