"""导入报名 as background jobs in short transactions (forms_app.exchange.staging): rows are staged
hidden, batch by batch, and published at once; a failure or a dead worker publishes nothing and
can be retried."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.test import Client
from django.utils import timezone
from hostsite import services as host_services
from hostsite.models import Job, JobStatus
from hostsite.services import JobReporter

from forms_app.choices import ImportState
from forms_app.exchange import staging
from forms_app.models import Application, ApplicationImport
from forms_app.storage import private_storage
from tests.forms_app.exchange_support import exchange_page, id_number, make_application, staff
from tests.forms_app.test_exchange_import import confirm, csv_file, followed, post, text, upload
from tests.forms_app.test_support import applicant


@pytest.fixture(autouse=True)
def _private_storage(private_media):
    """Uploaded lists are kept in a temporary private folder between preview and import."""


@pytest.fixture
def form_page(occupation):
    return exchange_page(occupation=occupation)


@pytest.fixture
def importer(db):
    return staff("importer", "add_application", "view_application")


@pytest.fixture
def small_batches(settings):
    settings.FORMS_APP_IMPORT_BATCH_ROWS = 2


def name(n: int) -> str:
    """学员零, 学员一, … 学员一二: a valid name per row."""
    return "学员" + "".join("零一二三四五六七八九"[int(digit)] for digit in str(n))


def listing(count: int):
    return csv_file(*(f"{name(n)},{id_number()},138{n:08d},网商,四级," for n in range(count)))


def test_rows_are_staged_in_batches_unseen_then_published_at_once(
    client, importer, form_page, small_batches, monkeypatch
):
    preview = upload(client, importer, form_page, listing(5))
    seen = []
    real = staging._stage_batch

    def stage(record, rows, *, actor):
        real(record, rows, actor=actor)
        review = client.get("/admin/applications/").content.decode()  # 报名审核, as staff see it
        staged = Application.with_staged.filter(staged_import=record).count()
        seen.append((len(rows), staged, Application.objects.count(), "学员零" in review))

    monkeypatch.setattr(staging, "_stage_batch", stage)

    done = confirm(client, preview)

    # Three short transactions of at most two rows; nobody sees a row before the last one.
    assert seen == [(2, 2, 0, False), (2, 4, 0, False), (1, 5, 0, False)]
    assert "已从 名单.csv 导入 5 条报名" in text(done)
    assert Application.objects.count() == 5
    assert not Application.with_staged.filter(staged_import__isnull=False).exists()
    record = ApplicationImport.objects.get()
    assert record.state == ImportState.PUBLISHED and record.created_count == 5
    assert (record.job.status, record.job.done, record.job.total) == (JobStatus.SUCCEEDED, 10, 10)
    assert "学员零" in client.get("/admin/applications/").content.decode()


def test_a_failure_while_staging_publishes_nothing_says_so_and_can_be_retried(
    client, importer, form_page, small_batches, monkeypatch
):
    preview = upload(client, importer, form_page, listing(5))
    real, calls = staging._stage_batch, []

    def stage(record, rows, *, actor):
        calls.append(len(rows))
        if len(calls) == 2:
            raise OperationalError("disk I/O error")
        real(record, rows, actor=actor)

    monkeypatch.setattr(staging, "_stage_batch", stage)

    failed = confirm(client, preview)

    page = text(failed)
    assert "导入失败，没有导入任何数据。" in page
    assert "重试" in page
    assert Application.with_staged.count() == 0  # the first batch was discarded too
    record = ApplicationImport.objects.get()
    assert record.state == ImportState.FAILED and record.job.status == JobStatus.FAILED

    monkeypatch.setattr(staging, "_stage_batch", real)
    retried = followed(
        client,
        post(client, f"/jobs/{record.job.pk}/retry/", {"next": failed.wsgi_request.path}),
    )

    assert "已从 名单.csv 导入 5 条报名" in text(retried)
    assert Application.with_staged.count() == 5


def test_a_worker_killed_mid_import_leaves_a_failed_job_that_a_retry_finishes_once(
    client, importer, form_page, small_batches, monkeypatch
):
    preview = upload(client, importer, form_page, listing(5))
    monkeypatch.setattr(host_services, "_enqueue", lambda *args: None)  # no worker takes it
    started = followed(client, post(client, preview.wsgi_request.path, {"confirm": "1"}))
    assert "正在后台导入" in text(started)
    record = ApplicationImport.objects.get()
    # The worker staged two rows, then was killed (nothing of it ran after that).
    report, valid = staging.services.import_check(
        page=form_page,
        content=private_storage().open(record.stored_name).read(),
        file_name=record.file_name,
        actor=importer,
    )
    staging._stage_batch(record, valid[:2], actor=importer)
    long_ago = timezone.now() - timedelta(minutes=11)
    Job.objects.filter(pk=record.job_id).update(status=JobStatus.RUNNING, updated_at=long_ago)

    page = client.get(preview.wsgi_request.path)

    assert "导入失败，没有导入任何数据。" in text(page)
    assert "任务中断（后台进程停止或超时），可以重试。" in text(page)
    assert Application.objects.count() == 0
    monkeypatch.undo()
    retried = followed(
        client,
        post(client, f"/jobs/{record.job_id}/retry/", {"next": preview.wsgi_request.path}),
    )
    assert "已从 名单.csv 导入 5 条报名" in text(retried)
    assert Application.with_staged.count() == 5  # the dead worker's rows were not kept twice


def test_a_registration_between_staging_and_publishing_stops_the_whole_import(
    client, importer, form_page, small_batches, monkeypatch
):
    numbers = [id_number() for _ in range(3)]
    rows = [f"{name(n)},{number},138{n:08d},网商,四级," for n, number in enumerate(numbers)]
    preview = upload(client, importer, form_page, csv_file(*rows))
    real = staging._stage_batch

    def stage(record, rows, *, actor):
        real(record, rows, actor=actor)
        if Application.with_staged.filter(staged_import=record).count() == 3:
            # 学员二 applies online (another mobile) after the check, before publication.
            make_application(form_page, name="学员二", id_no=numbers[2], mobile="13900000000")

    monkeypatch.setattr(staging, "_stage_batch", stage)

    done = confirm(client, preview)

    assert "确认导入时发现问题（可能有人同时提交了报名），没有导入任何数据。" in text(done)
    assert list(Application.with_staged.values_list("name", flat=True)) == ["学员二"]
    assert ApplicationImport.objects.get().state == ImportState.FAILED


def test_confirming_twice_imports_once(client, importer, form_page):
    preview = upload(client, importer, form_page, listing(2))
    confirm(client, preview)

    again = followed(client, post(client, preview.wsgi_request.path, {"confirm": "1"}))

    assert "无需重复确认" in text(again)
    assert Application.objects.count() == 2


def test_imports_never_published_are_pruned_with_their_staged_rows(
    client, importer, form_page, monkeypatch
):
    preview = upload(client, importer, form_page, listing(3))
    record = ApplicationImport.objects.get()
    report, valid = staging.services.import_check(
        page=form_page,
        content=private_storage().open(record.stored_name).read(),
        file_name=record.file_name,
        actor=importer,
    )
    staging._stage_batch(record, valid, actor=importer)  # then the worker died
    assert preview.status_code == 200

    assert staging.imports_prune() == 0  # younger than a day
    later = timezone.now() + timedelta(days=1, minutes=1)
    assert staging.imports_prune(now=later, dry_run=True) == 1
    assert staging.imports_prune(now=later) == 1

    assert not ApplicationImport.objects.exists()
    assert Application.with_staged.count() == 0
    assert not private_storage().exists(record.stored_name)


# --- A registration during a long import (SQLite) ---------------------------------------------

IMPORT_ROWS = 2000
# Seconds of work any one import transaction may do while it holds SQLite's write lock, counted
# as the importing thread's CPU time: on an idle machine that is the time the lock is held (the
# longest, the publish, ~0.45 s), while the wall clock also counts the time the thread waited for
# a core, which parallel test workers on a loaded machine stretch without the import doing more.
LOCK_LIMIT = 1.0


@contextmanager
def threads_on_a_sqlite_file(tmp_path):
    """Connections opened inside (by other threads) use a copy of this test's database in a
    file, journalled (WAL) and written (BEGIN IMMEDIATE) as in production. The in-memory test
    database is no place for two writers: this test's data sits in its open transaction, and
    shared-cache connections refuse one another instead of waiting."""
    path = tmp_path / "busy.sqlite3"
    connection.ensure_connection()
    copy_database(connection.connection, path)
    settings_dict = connections.settings[DEFAULT_DB_ALIAS]
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        settings_dict["NAME"] = original


def copy_database(source: sqlite3.Connection, path) -> None:
    """Tables and rows as ``source`` sees them (its open transaction included: neither the
    backup API nor VACUUM INTO can read through it), then indexes."""
    target = sqlite3.connect(path)
    schema = source.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC"
    ).fetchall()
    virtual = [name for _k, name, sql in schema if sql.startswith("CREATE VIRTUAL TABLE")]
    for kind, name, sql in schema:
        if any(name.startswith(f"{table}_") for table in virtual):
            continue  # made by its full-text table (whose index this test does not need)
        target.execute(sql)
        if kind == "table" and name not in virtual:
            rows = source.execute(f'SELECT * FROM "{name}"').fetchall()
            if rows:
                marks = ",".join("?" * len(rows[0]))
                target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    target.commit()
    target.close()


def timed_transactions(db_connection) -> list[tuple[float, str, float]]:
    """How long each transaction of ``db_connection`` held the write lock, from its BEGIN
    IMMEDIATE returning (lock taken) to its commit or rollback: the thread's CPU time, its first
    statement and the wall-clock time."""
    held: list[tuple[float, str, float]] = []
    open_: list[list] = []

    def begin(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("BEGIN"):
            open_.append([time.thread_time(), "", time.perf_counter()])
        elif open_ and not open_[-1][1]:
            open_[-1][1] = sql[:120]
        return result

    def ending(real):
        def end():
            real()
            if open_:
                began, first, wall = open_.pop()
                held.append((time.thread_time() - began, first, time.perf_counter() - wall))

        return end

    db_connection.execute_wrappers.append(begin)
    db_connection._commit = ending(db_connection._commit)
    db_connection._rollback = ending(db_connection._rollback)
    return held


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's single writer is what this is about (PostgreSQL writers do not queue)",
)
def test_a_registration_during_a_2000_row_import_is_saved_and_no_import_transaction_holds_the_lock_a_second(  # noqa: E501
    importer, form_page, tmp_path
):
    rows = [f"{name(n)},{id_number()},138{n:08d},网商,四级," for n in range(IMPORT_ROWS)]
    record = staging.import_begin(page=form_page, upload=csv_file(*rows), actor=importer)
    applicants = [applicant(9000 + n, mobile=f"139{n:08d}") for n in range(40)]
    held: list[tuple[float, str, float]] = []
    phases: dict[str, float] = {}
    answers: list[tuple[float, int, str]] = []
    done, writing = threading.Event(), threading.Event()
    real_stage = staging._stage_batch

    def stage(record, batch, *, actor):
        phases.setdefault("staging", time.perf_counter())
        writing.set()
        real_stage(record, batch, actor=actor)
        phases["staged"] = time.perf_counter()

    def importing():
        try:
            own = connections[DEFAULT_DB_ALIAS]
            own.ensure_connection()
            timings = timed_transactions(own)
            phases["start"] = time.perf_counter()
            staging.import_run(
                import_id=str(record.pk), publish=False, job=JobReporter(str(record.job_id))
            )
            fresh = ApplicationImport.objects.get(pk=record.pk)
            staging.import_confirm(record=fresh, actor=importer)  # the job runs right here
            phases["end"] = time.perf_counter()
            held.extend(timings)
        finally:
            done.set()
            writing.set()
            connections.close_all()

    def registering():
        try:
            browser = Client()
            for number, data in enumerate(applicants):
                if number == 3:  # three while the rows are checked, the others while written
                    writing.wait(timeout=600)
                if done.is_set():
                    break
                began = time.perf_counter()
                response = browser.post(form_page.url, data)
                answers.append((began, response.status_code, response.content.decode()))
                time.sleep(0.5)
        finally:
            connections.close_all()

    with (
        threads_on_a_sqlite_file(tmp_path),
        mock.patch.object(staging, "_stage_batch", stage),
    ):
        workers = [threading.Thread(target=importing), threading.Thread(target=registering)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=900)
        file_db = sqlite3.connect(tmp_path / "busy.sqlite3")
        imported, online, staged = file_db.execute(
            "SELECT SUM(source = 'import'), SUM(source = 'online'), COUNT(staged_import_id)"
            " FROM forms_app_application"
        ).fetchone()
        state = file_db.execute(
            "SELECT state FROM forms_app_applicationimport WHERE id = ?", (record.pk.hex,)
        ).fetchone()[0]
        file_db.close()

    print(
        f"{IMPORT_ROWS} rows in {phases['end'] - phases['start']:.1f} s; "
        f"{len(held)} transactions, longest {max(held)[0] * 1000:.0f} ms; "
        f"{len(answers)} registrations meanwhile: {[status for _t, status, _h in answers]}; "
        "the longest five, CPU/wall ms: "
        f"{[(round(cpu * 1000), round(wall * 1000)) for cpu, _sql, wall in sorted(held)[-5:]]}"
    )
    assert max(held)[0] < LOCK_LIMIT
    assert state == ImportState.PUBLISHED and imported == IMPORT_ROWS and staged == 0
    during_staging = [a for a in answers if phases["staging"] <= a[0] <= phases["staged"]]
    assert during_staging, "no registration was sent while rows were being written"
    for _began, status, html in answers:
        assert status in (302, 503), status
        if status == 503:  # the existing "please try again", with the input kept
            assert "系统繁忙，报名暂未保存。您填写的内容已保留" in html
    assert online == sum(status == 302 for _began, status, _html in answers)
