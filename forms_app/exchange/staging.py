"""Applicant-list imports as background jobs, in short transactions.

SQLite lets one connection write at a time: a 2,000-row import written in one transaction held
the write lock for ~20 s, and a registration submitted meanwhile failed. So an import goes:

1. ``import_begin`` (the upload request): reads the table (an unreadable file or missing
   columns are answered at once), keeps the file in private storage, records an
   ``ApplicationImport`` and starts the check job.
2. The check job (``import_run(publish=False)``): every row checked (services.import_check)
   outside any transaction; only the report is written: the preview.
3. ``import_confirm`` (staff confirm the preview): starts the publish job.
4. The publish job (``import_run(publish=True)``): checks the rows again (a registration may
   have come in since the preview), **stages** them as hidden applications
   (``Application.staged_import``; ``Application.objects`` does not see them) in batches of
   ``FORMS_APP_IMPORT_BATCH_ROWS`` rows, each batch its own short transaction, then
   **publishes** them all in one short transaction (one UPDATE, with the form's maximum and
   the one-live-application rule checked again under the form's row lock). If anything fails
   the staged rows are discarded: no one ever saw any of them, and the page says so in Chinese.
5. After publication a task enqueued in the publishing transaction tells the applicants and
   marks identity conflicts (forms_app.identity), outside the write lock.

A worker killed mid-way leaves the job running until it is taken for dead (JOB_STALE_SECONDS,
hostsite.services.job_fail_if_stale): failed, and retriable; a retry discards what was staged and
starts again. Imports not published within a day are pruned with their staged rows.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from hostsite import audit
from hostsite.models import JobStatus
from hostsite.services import enqueue_on_commit, job_start

from forms_app import lifecycle
from forms_app import services as applications
from forms_app.audit import IMPORT
from forms_app.choices import LIVE_STATUSES, ImportState
from forms_app.exchange import services
from forms_app.exchange.resources import ValidRow
from forms_app.identity import mark_identity_conflicts
from forms_app.models import (
    Application,
    ApplicationEvent,
    ApplicationImport,
    RegistrationFormPage,
)
from forms_app.notifications import notify_later
from forms_app.selectors import live_application_count
from forms_app.storage import private_storage

logger = logging.getLogger(__name__)

IMPORTS_KEPT = timedelta(days=1)  # an import not published by then is discarded


class ImportFailed(Exception):
    """The import cannot go on; ``message`` says why in Chinese. Nothing was published."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def batch_rows() -> int:
    """Rows staged per transaction (each well under a second of SQLite's write lock)."""
    return getattr(settings, "FORMS_APP_IMPORT_BATCH_ROWS", 50)


def import_url(record: ApplicationImport) -> str:
    return reverse("forms_app_exchange_import_status", args=[record.pk])


# --- The requests --------------------------------------------------------------------------


def import_begin(*, page: RegistrationFormPage, upload, actor) -> ApplicationImport:
    """Keep the uploaded list and start checking it in the background; raises
    readers.ImportFileError (Chinese message) for a file that is no applicant list."""
    if not actor.has_perm(services.ADD):
        raise PermissionDenied
    content = upload.read()
    services.import_read(page=page, content=content, file_name=upload.name)
    services.imports_prune()
    extension = upload.name.lower().rsplit(".", 1)[-1]
    upload.seek(0)
    name = f"{services.IMPORTS_DIR}/{uuid.uuid4().hex}.{extension}"
    stored = private_storage().save(name, upload)
    record = ApplicationImport.objects.create(
        page=page,
        actor=actor,
        file_name=upload.name[:255],
        stored_name=stored,
        digest=hashlib.sha256(content).hexdigest(),
        state=ImportState.CHECKING,
    )
    _start(record, publish=False, label=_("检查导入名单：%(file)s") % {"file": record.file_name})
    return record


def import_confirm(*, record: ApplicationImport, actor) -> ApplicationImport:
    """Staff confirmed the preview: start the publish job (once, however often they click)."""
    if record.actor_id != actor.pk or not actor.has_perm(services.ADD):
        raise PermissionDenied
    with transaction.atomic():
        taken = ApplicationImport.objects.filter(pk=record.pk, state=ImportState.CHECKED).update(
            state=ImportState.PUBLISHING, updated_at=timezone.now()
        )
        if not taken:
            raise ImportFailed(_("该名单已确认导入或尚未检查通过，无需重复确认。"))
        record.state = ImportState.PUBLISHING
        rows = len(record.report.get("rows", []))
        label = _("导入报名：%(file)s（%(rows)s 行）") % {"file": record.file_name, "rows": rows}
        _start(record, publish=True, label=label)
    return record


def _start(record: ApplicationImport, *, publish: bool, label: str) -> None:
    from forms_app.exchange.tasks import import_applications_task

    record.job = job_start(
        task=import_applications_task,
        label=label,
        owner=record.actor,
        kwargs={"import_id": str(record.pk), "publish": publish},
    )
    ApplicationImport.objects.filter(pk=record.pk).update(job=record.job)


def job_failed(record: ApplicationImport) -> bool:
    """The import's job failed (an error, or its worker died): nothing published."""
    return (
        record.state != ImportState.PUBLISHED
        and record.job is not None
        and record.job.status == JobStatus.FAILED
    )


# --- The background job ----------------------------------------------------------------------


def import_run(*, import_id: str, publish: bool, job) -> None:
    """The body of the check (``publish=False``) and publish jobs; ``job`` reports progress.
    Raises ImportFailed (the job fails with its Chinese message) when the import cannot go
    on; whatever was staged is discarded first."""
    record = ApplicationImport.objects.select_related("page", "actor").get(pk=import_id)
    if record.state == ImportState.PUBLISHED:
        job.finish(message=_("已导入。"), result_url=import_url(record))
        return
    try:
        _run(record, publish=publish, job=job)
    except BaseException:
        _discard_staged(record)
        if publish:
            ApplicationImport.objects.filter(pk=record.pk).exclude(
                state=ImportState.PUBLISHED
            ).update(state=ImportState.FAILED, updated_at=timezone.now())
        raise


def _run(record: ApplicationImport, *, publish: bool, job) -> None:
    actor = record.actor
    if actor is None or not actor.is_active or not actor.has_perm(services.ADD):
        raise ImportFailed(_("发起导入的用户已不存在、已停用或已没有导入权限。"))
    content = _stored_content(record)
    if publish:
        _discard_staged(record)  # a retry after a crash starts clean
    phase = 2 if publish else 1

    def checked(done: int, total: int) -> None:
        message = _("正在检查：%(done)s / %(total)s 行") % {"done": done, "total": total}
        job.progress(done, total * phase, message)

    report, valid = services.import_check(
        page=record.page,
        content=content,
        file_name=record.file_name,
        actor=actor,
        progress=checked,
    )
    if not publish:
        state = ImportState.CHECKED if report.ok else ImportState.INVALID
        _save_report(record, report, state=state)
        job.finish(message=state.label, result_url=import_url(record))
        return
    if not report.ok:
        _save_report(record, report, state=ImportState.FAILED)
        raise ImportFailed(_("确认导入时发现问题（可能有人同时提交了报名），没有导入任何数据。"))
    total = len(valid)
    for start in range(0, total, batch_rows()):
        _stage_batch(record, valid[start : start + batch_rows()], actor=actor)
        done = min(start + batch_rows(), total)
        job.progress(
            total + done,
            total * 2,
            _("正在写入：%(done)s / %(total)s 行") % {"done": done, "total": total},
        )
    try:
        _publish(record, report=report, valid=valid, actor=actor)
    except ImportFailed:
        _save_report(record, report, state=ImportState.FAILED)
        raise
    private_storage().delete(record.stored_name)
    logger.info("Import by %s: %s rows into %s", actor.get_username(), total, record.page)
    job.finish(
        message=_("导入完成，共 %(rows)s 条报名。") % {"rows": total},
        result_url=import_url(record),
    )


def _stored_content(record: ApplicationImport) -> bytes:
    storage = private_storage()
    if not storage.exists(record.stored_name):
        raise ImportFailed(_("上传的文件已过期或已被清理，请重新上传。"))
    with storage.open(record.stored_name, "rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != record.digest:
        raise ImportFailed(_("上传的文件已被改动，请重新上传。"))
    return content


def _save_report(record: ApplicationImport, report, *, state: ImportState) -> None:
    record.report, record.state = report.as_json(), state
    ApplicationImport.objects.filter(pk=record.pk).update(
        report=record.report, state=state, updated_at=timezone.now()
    )


def _stage_batch(record: ApplicationImport, rows: list[ValidRow], *, actor) -> None:
    """Insert ``rows`` as hidden applications with their first events, in one transaction
    (a clash of the random application numbers draws new ones)."""
    reason = _("批量导入：%(file)s") % {"file": record.file_name}
    for attempt in range(applications.NUMBER_ATTEMPTS):
        staged = []
        for row in rows:
            application = applications.application_build(
                page=record.page,
                data=row.data,
                answers=row.answers,
                check=row.check,
                source="import",
                mobile_proven=True,
            )
            application.staged_import = record
            application.number = applications.new_application_number()
            staged.append(application)
        try:
            with transaction.atomic():
                Application.with_staged.bulk_create(staged)
                ApplicationEvent.objects.bulk_create(
                    ApplicationEvent(
                        application=application,
                        from_status="",
                        to_status=application.status,
                        actor=actor,
                        actor_label=actor.get_username(),
                        reason=reason,
                    )
                    for application in staged
                )
        except IntegrityError:
            if attempt == applications.NUMBER_ATTEMPTS - 1:
                raise
            continue
        for row, application in zip(rows, staged, strict=True):
            row.preview.application_number = application.number
        return


def _discard_staged(record: ApplicationImport) -> int:
    """Delete the rows ``record`` staged, in short transactions; how many."""
    removed = 0
    while True:
        with transaction.atomic():
            ids = list(
                Application.with_staged.filter(staged_import=record).values_list("pk", flat=True)[
                    : batch_rows()
                ]
            )
            if not ids:
                return removed
            ApplicationEvent.objects.filter(application_id__in=ids).delete()
            Application.with_staged.filter(pk__in=ids).delete()
        removed += len(ids)


def _clashing(staged: list[Application], *, since=None) -> bool:
    """Whether a person of ``staged`` already has a live application for the same target and
    period (the import's own rule, whatever the mobile: services.import_check); ``since``:
    only among applications submitted (or published) since then, which is all that can have
    changed since a full check (applications become live only by being submitted)."""
    if not staged:
        return False
    first = staged[0]
    keys = {(a.id_number_hash, a.specialty_slug, a.level) for a in staged}
    live = Application.objects.filter(
        status__in=LIVE_STATUSES,
        occupation_id=first.occupation_id,
        exam_period_id=first.exam_period_id,
    )
    if since is None:
        live = live.filter(id_number_hash__in={key[0] for key in keys})
    else:
        live = live.filter(submitted_at__gte=since)
    found = live.values_list("id_number_hash", "specialty_slug", "level")
    return any(key in keys for key in found.iterator(chunk_size=2000))


def _publish(record: ApplicationImport, *, report, valid: list[ValidRow], actor) -> None:
    """Make every staged row visible in one short transaction, or none (ImportFailed)."""
    staged = Application.with_staged.filter(staged_import=record)
    rows = list(staged.defer("id_number", "mobile", "answers", "eligibility"))
    checked_at = timezone.now()
    if _clashing(rows):  # all of it before taking the lock; what came since under it
        raise ImportFailed(_("确认导入时发现问题（可能有人同时提交了报名），没有导入任何数据。"))
    events = {
        event.application_id: event
        for event in ApplicationEvent.objects.filter(application__staged_import=record)
    }
    page = record.page
    clash = _("确认导入时发现问题（可能有人同时提交了报名），没有导入任何数据。")
    published_events = [(application, events[application.pk]) for application in rows]
    record.report = report.as_json()  # with the application numbers; kept before the lock
    ApplicationImport.objects.filter(pk=record.pk).update(report=record.report)
    with transaction.atomic():
        # Serialise with online submissions to a form with a maximum (application_submit).
        RegistrationFormPage.objects.select_for_update().filter(pk=page.pk).first()
        if page.max_applications is not None:
            room = page.max_applications - live_application_count(page=page)
            if len(rows) > room:
                raise ImportFailed(
                    _(
                        "超出本报名表的报名人数上限（%(max)s 人）：名单有 %(rows)s 人，"
                        "尚可报名 %(room)s 人。没有导入任何数据。"
                    )
                    % {"max": page.max_applications, "rows": len(rows), "room": max(room, 0)}
                )
        if _clashing(rows, since=checked_at - timedelta(seconds=1)):
            raise ImportFailed(clash)
        now = timezone.now()
        try:
            with transaction.atomic():
                published = staged.update(staged_import=None, submitted_at=now, updated_at=now)
        except IntegrityError as error:  # a registration committed since the check above
            raise ImportFailed(clash) from error
        for application in rows:
            application.staged_import, application.submitted_at = None, now
        lifecycle.applications_published(published_events, actor=actor)
        audit.record(
            IMPORT,
            actor=actor,
            row_count=published,
            masked=False,
            object_label=str(page),
            detail=record.file_name,
        )
        record.state, record.created_count = ImportState.PUBLISHED, published
        ApplicationImport.objects.filter(pk=record.pk).update(
            state=record.state, created_count=published, updated_at=now
        )
        from forms_app.exchange.tasks import import_published_task

        enqueue_on_commit(
            import_published_task, application_ids=[application.pk for application in rows]
        )


def import_published(*, application_ids: list[int]) -> None:
    """After publication: each applicant is told (as after an online submission) and an ID
    number now live under two mobiles is marked for an identity check (身份待核)."""
    for pk in application_ids:
        notify_later("submitted", application_id=pk)
    for start in range(0, len(application_ids), 500):
        hashes = Application.objects.filter(pk__in=application_ids[start : start + 500])
        shared = (
            Application.objects.filter(
                id_number_hash__in=hashes.values("id_number_hash"), status__in=LIVE_STATUSES
            )
            .values("id_number_hash")
            .annotate(mobiles=Count("mobile_hash", distinct=True))
            .filter(mobiles__gt=1)
            .values_list("id_number_hash", flat=True)
        )
        for id_number_hash in list(shared):
            mark_identity_conflicts(id_number_hash=id_number_hash)


def import_now(*, page: RegistrationFormPage, content: bytes, file_name: str, actor):
    """Check, stage and publish a list in this process (scripts, tests); the report."""
    if not actor.has_perm(services.ADD):
        raise PermissionDenied
    report, valid = services.import_check(
        page=page, content=content, file_name=file_name, actor=actor
    )
    if not report.ok:
        return report
    record = ApplicationImport.objects.create(
        page=page,
        actor=actor,
        file_name=file_name[:255],
        digest=hashlib.sha256(content).hexdigest(),
        state=ImportState.PUBLISHING,
    )
    try:
        for start in range(0, len(valid), batch_rows()):
            _stage_batch(record, valid[start : start + batch_rows()], actor=actor)
        _publish(record, report=report, valid=valid, actor=actor)
    except BaseException:
        _discard_staged(record)
        record.delete()
        raise
    report.dry_run = False
    return report


# --- Housekeeping ----------------------------------------------------------------------------


def imports_prune(*, now=None, dry_run: bool = False) -> int:
    """Discard imports older than IMPORTS_KEPT (their staged rows, their file and the
    record; published applications stay); returns how many."""
    now = now or timezone.now()
    old = ApplicationImport.objects.filter(updated_at__lt=now - IMPORTS_KEPT)
    if dry_run:
        return old.count()
    removed = 0
    for record in old:
        _discard_staged(record)
        if record.stored_name and private_storage().exists(record.stored_name):
            private_storage().delete(record.stored_name)
        record.delete()
        removed += 1
    return removed
