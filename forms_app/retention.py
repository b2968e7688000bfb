"""How long applicants' personal data is kept (PIPL: no longer than the purpose needs).

``PERSONAL_DATA_RETENTION`` maps each kind of data to the number of days it is kept after its
exam period (报名批次) ends (``ExamPeriod.ends_on``):

- ``files``: photos and documents are deleted;
- ``applications``: the application is anonymised: the name kept masked (张*), the ID number,
  mobile number, other answers and files deleted; the number, occupation, level, status and
  history stay for statistics.

Both default to three years (1095 days). Periods without an end date are never due.
``manage.py apply_retention [--dry-run]`` applies it (deploy/: run by the prune timer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from forms_app.models import Application, ApplicationFile

DEFAULT_RETENTION_DAYS = {"applications": 3 * 365, "files": 3 * 365}


def retention_days(kind: str) -> int:
    configured = getattr(settings, "PERSONAL_DATA_RETENTION", {}) or {}
    return int(configured.get(kind, DEFAULT_RETENTION_DAYS[kind]))


def _ended_before(kind: str, today: date) -> dict:
    return {"exam_period__ends_on__lt": today - timedelta(days=retention_days(kind))}


def files_due(*, today: date) -> QuerySet[ApplicationFile]:
    return ApplicationFile.objects.filter(
        **{f"application__{key}": value for key, value in _ended_before("files", today).items()}
    )


def applications_due(*, today: date) -> QuerySet[Application]:
    return Application.objects.filter(
        anonymised_at__isnull=True, **_ended_before("applications", today)
    )


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the first character only."""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def application_anonymise(*, application: Application) -> None:
    """Delete what identifies the applicant; keep the record of what happened."""
    with transaction.atomic():
        for stored in application.files.all():
            stored.delete()  # the file leaves storage too (forms_app.signals)
        Application.objects.filter(pk=application.pk).update(
            name=mask_name(application.name),
            id_number="",
            id_number_hash=f"anonymised:{application.pk}",  # unique: never a duplicate
            id_number_masked="",
            mobile="",
            mobile_hash="",
            mobile_masked="",
            answers={},
            anonymised_at=timezone.now(),
        )


@dataclass(frozen=True)
class RetentionReport:
    files: int
    applications: int


def retention_apply(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    today = today or timezone.localdate()
    files = files_due(today=today)
    applications = applications_due(today=today)
    report = RetentionReport(files=files.count(), applications=applications.count())
    if dry_run:
        return report
    for stored in files.iterator(chunk_size=200):
        stored.delete()
    for application in applications.iterator(chunk_size=200):
        application_anonymise(application=application)
    return report
