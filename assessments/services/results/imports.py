"""导入成绩: an XLSX or CSV file (read by django-import-export's formats) with one row per
candidate — 准考证号, 姓名, one column per component (a score or 缺考/违纪), 原因.

The check (``score_import_check``) reads the whole file and writes nothing: every row's errors
in Chinese and the changes it would make. The confirmed import runs as a background job
(``score_import_start``; the task is in ``tasks``): the file kept in private storage is checked
again and written in one transaction with ``scores_enter``, and nothing at all when any row is
wrong, the file changed, or the user may no longer score the plan. Unconfirmed files are
deleted after a day (pruner ``score_import_uploads``)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite.prune import pruner
from hostsite.services import job_start
from import_export.formats.base_formats import CSV, XLSX

from assessments.choices import CandidateStatus
from assessments.models import Candidate, ExamPlan
from assessments.scoring import plan_components
from assessments.services.results.errors import ResultsRefused
from assessments.services.results.scores import ScoreInput, parse_cell
from forms_app.storage import private_storage

TICKET, NAME, REASON = "准考证号", "姓名", "原因"
UPLOADS = "score-imports"
UPLOADS_KEPT = timedelta(days=1)  # a checked file waits this long for its confirmation


@dataclass
class Row:
    number: int
    ticket: str
    name: str
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportCheck:
    """What a file would do: its rows (changes, errors), the cells to write, file errors."""

    rows: list[Row] = field(default_factory=list)
    cells: list[ScoreInput] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(row.errors for row in self.rows)

    @property
    def changed(self) -> int:
        return sum(len(row.changes) for row in self.rows)

    def summary(self, limit: int = 3) -> str:
        """The first problems, in Chinese (for a job's message)."""
        lines = self.problems or [
            _("第 %(row)s 行：%(errors)s") % {"row": row.number, "errors": "；".join(row.errors)}
            for row in self.rows
            if row.errors
        ]
        return " ".join(lines[:limit])


def _dataset(name: str, content: bytes):
    if name.lower().endswith(".csv"):
        return CSV().create_dataset(content.decode("utf-8-sig"))
    return XLSX().create_dataset(content)


def score_import_check(*, plan: ExamPlan, file_name: str, content: bytes) -> ImportCheck:
    """Every row checked against the plan's enrolled candidates; nothing is written."""
    try:
        data = _dataset(file_name, content)
    except Exception:  # a file the format cannot read: the user's error, in Chinese
        return ImportCheck(problems=[_("无法读取这个文件：请上传按模板填写的 XLSX 或 CSV 文件。")])
    headers = [str(h or "").strip() for h in (data.headers or [])]
    missing = [h for h in (TICKET, NAME) if h not in headers]
    if missing:
        return ImportCheck(problems=[_("缺少列：%(cols)s。") % {"cols": "、".join(missing)}])
    present = [c for c in plan_components(plan) if str(c.label) in headers]
    if not present:
        return ImportCheck(problems=[_("没有成绩列：请按模板使用科目名称作为列名。")])
    by_ticket = {
        c.ticket_number: c
        for c in Candidate.objects.filter(plan=plan, status=CandidateStatus.ENROLLED)
        .exclude(ticket_number=None)
        .select_related("application")
        .prefetch_related("scores")
    }
    existing = {
        (candidate.pk, score.component): score.display
        for candidate in by_ticket.values()
        for score in candidate.scores.all()
    }
    check, seen = ImportCheck(), set()
    for number, values in enumerate(data.dict, start=2):

        def get(key, values=values) -> str:
            value = values.get(key)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # XLSX numbers: 80.0 → "80"
            return "" if value is None else str(value).strip()

        row = Row(number, get(TICKET), get(NAME))
        candidate = by_ticket.get(row.ticket)
        if not row.ticket:
            row.errors.append(_("准考证号为空。"))
        elif candidate is None:
            row.errors.append(_("准考证号 %(t)s 不在本考试计划中。") % {"t": row.ticket})
        elif row.ticket in seen:
            row.errors.append(_("准考证号 %(t)s 重复出现。") % {"t": row.ticket})
        elif candidate.application.name != row.name:
            row.errors.append(
                _("姓名与准考证号不符（应为 %(n)s）。") % {"n": candidate.application.name}
            )
        seen.add(row.ticket)
        for component in present:
            try:
                value, mark = parse_cell(get(str(component.label)))
            except ResultsRefused as refused:
                row.errors.append(f"{component.label}：{refused.message}")
                continue
            if mark and not get(REASON):
                row.errors.append(_("%(c)s 为缺考或违纪，请填写原因。") % {"c": component.label})
            if candidate is None or row.errors:
                continue
            cell = ScoreInput(candidate, component.key, value, mark, get(REASON))
            old = existing.get((candidate.pk, component.key), "")
            if old != cell.display:
                row.changes.append(
                    f"{component.label}：{old or '（空）'} → {cell.display or '（空）'}"
                )
            check.cells.append(cell)
        check.rows.append(row)
    return check


@dataclass(frozen=True)
class KeptUpload:
    """A checked file kept in private storage until its import is confirmed."""

    stored: str
    digest: str
    file_name: str


def score_import_keep(*, content: bytes, file_name: str) -> KeptUpload:
    stored = private_storage().save(f"{UPLOADS}/{uuid.uuid4().hex}", ContentFile(content))
    return KeptUpload(stored, hashlib.sha256(content).hexdigest(), file_name)


def score_import_start(*, plan: ExamPlan, user, upload: KeptUpload, reason: str = ""):
    """Start the confirmed import of a checked file as a background job; returns the job."""
    from assessments.services.results.tasks import import_scores_task

    return job_start(
        task=import_scores_task,
        label=_("导入成绩：%(plan)s（%(file)s）") % {"plan": plan, "file": upload.file_name},
        owner=user,
        kwargs={
            "plan_id": plan.pk,
            "user_id": user.pk,
            "stored": upload.stored,
            "digest": upload.digest,
            "file_name": upload.file_name,
            "reason": reason,
        },
    )


@pruner("score_import_uploads")
def score_import_uploads_prune(*, now=None, dry_run: bool = False) -> int:
    """Delete checked score files never confirmed within UPLOADS_KEPT (names and scores)."""
    storage = private_storage()
    if not storage.exists(UPLOADS):
        return 0
    now = now or timezone.now()
    removed = 0
    for name in storage.listdir(UPLOADS)[1]:
        path = f"{UPLOADS}/{name}"
        if storage.get_modified_time(path) < now - UPLOADS_KEPT:
            if not dry_run:
                storage.delete(path)
            removed += 1
    return removed
