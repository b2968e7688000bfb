"""A small file of huge dimensions must not cost a web worker hundreds of MB: before the pixel
limit, a 7000×7000 PNG document raised a worker's peak memory by ~380 MB and a JPEG one by
~710 MB. Each upload is measured in its own process (upload_memory.py), so the figure is its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("upload_memory.py")
LIMIT_MB = 100


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("kind", "width", "height", "accepted"),
    [
        ("PNG", 7000, 7000, False),
        ("JPEG", 7000, 7000, False),
        ("JPEG", 6000, 4000, True),  # a 24 MP phone photo: decoded at half size
    ],
    ids=["png-49mp", "jpeg-49mp", "jpeg-24mp"],
)
def test_a_huge_image_document_costs_a_worker_under_100_mb(tmp_path, kind, width, height, accepted):
    path = tmp_path / f"document.{kind.lower()}"
    run("make", kind, str(width), str(height), str(path))

    seen = json.loads(run("measure", str(path)))

    print(f"{kind} {width}×{height} ({seen['file_kb']:.0f} KB): +{seen['growth_mb']:.0f} MB")
    assert seen["growth_mb"] < LIMIT_MB
    assert seen["accepted"] is accepted
    if not accepted:
        assert seen["code"] == "image_too_large"
        assert "不能超过2500万像素" in seen["message"]
    else:
        stored_w, stored_h = seen["stored_size"]
        assert stored_w * stored_h < width * height  # kept at the reduced size it was read at
