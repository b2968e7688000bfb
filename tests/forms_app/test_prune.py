"""manage.py prune_personal_data: personal data whose time is up goes on schedule, not only as
a side effect of the next draft or export (hostsite.prune, forms_app.prune)."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forms_app.drafts import draft_save
from forms_app.models import ApplicationDraft


def aged_file(folder, name: str, *, hours: float) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"id,name\n")
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return str(path)


def prune(*args) -> str:
    out = io.StringIO()
    call_command("prune_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def expired_and_live_drafts(registration_page):
    live, _ = draft_save(page=registration_page, values={"name": "李四"})
    expired, _ = draft_save(page=registration_page, values={"name": "张三"})
    ApplicationDraft.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    return expired, live


def test_expired_drafts_export_files_and_import_uploads_are_deleted(
    expired_and_live_drafts, private_media
):
    expired, live = expired_and_live_drafts
    full_old = aged_file(private_media, "exports/a-full.xlsx", hours=25)
    full_new = aged_file(private_media, "exports/b-full.xlsx", hours=2)
    masked_day = aged_file(private_media, "exports/c.csv", hours=25)
    masked_old = aged_file(private_media, "exports/d.csv", hours=8 * 24)
    import_old = aged_file(private_media, "imports/e.xlsx", hours=30)
    import_new = aged_file(private_media, "imports/f.xlsx", hours=1)

    output = prune()

    assert "drafts: deleted 1" in output
    assert "export_files: deleted 2" in output
    assert "import_uploads: deleted 1" in output
    assert list(ApplicationDraft.objects.values_list("pk", flat=True)) == [live.pk]
    gone = [full_old, masked_old, import_old]
    kept = [full_new, masked_day, import_new]
    assert [os.path.exists(p) for p in gone] == [False] * 3  # full numbers: a day at most
    assert [os.path.exists(p) for p in kept] == [True] * 3


def test_a_dry_run_counts_and_deletes_nothing(expired_and_live_drafts, private_media):
    old = aged_file(private_media, "exports/a-full.xlsx", hours=48)

    output = prune("--dry-run")

    assert "drafts: would delete 1" in output
    assert "export_files: would delete 1" in output
    assert ApplicationDraft.objects.count() == 2
    assert os.path.exists(old)


def test_a_failing_pruner_does_not_stop_the_others(monkeypatch, private_media):
    from django.core.management.base import CommandError
    from hostsite import prune as registry

    def broken(*, now, dry_run):
        raise RuntimeError("disk unreadable")

    monkeypatch.setitem(registry.PRUNERS, "broken", broken)
    old = aged_file(private_media, "imports/e.xlsx", hours=30)
    with pytest.raises(CommandError, match="broken"):
        prune()
    assert not os.path.exists(old)
