"""A registration submitted while another write holds SQLite's lock (an import, the worker):
it waits and retries within its time budget, and if the database stays locked the applicant
gets a Chinese "please try again" with everything they typed, never a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from forms_app import services
from forms_app.models import Application
from tests.forms_app.test_support import applicant


@pytest.fixture
def locked(monkeypatch):
    """application_submit meets "database is locked" ``times`` times, then runs."""
    real = services.application_submit
    state = {"left": 0, "calls": 0}

    def submit(**kwargs):
        state["calls"] += 1
        if state["left"] != 0:
            state["left"] -= 1
            raise OperationalError("database is locked")
        return real(**kwargs)

    monkeypatch.setattr(services, "application_submit", submit)

    def lock(times: int):
        state["left"] = times
        return state

    return lock


def test_a_submission_that_meets_a_lock_waits_and_is_saved(
    client, registration_page, locked, settings
):
    settings.FORMS_SUBMIT_BUSY_SECONDS = 5
    state = locked(2)

    response = client.post(registration_page.url, applicant())

    assert response.status_code == 302
    assert state["calls"] == 3
    assert Application.objects.count() == 1


def test_a_database_locked_too_long_asks_to_try_again_keeping_the_input(
    client, registration_page, locked, settings
):
    settings.FORMS_SUBMIT_BUSY_SECONDS = 0.5
    locked(-1)  # locked for good
    typed = applicant(name="王小明", mobile="13912345678")

    response = client.post(registration_page.url, typed)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "系统繁忙，报名暂未保存。您填写的内容已保留，请稍等片刻后再次点击提交。" in html
    assert 'value="王小明"' in html and 'value="13912345678"' in html
    assert typed["id_number"] in html
    assert Application.objects.count() == 0


def test_another_database_error_is_not_retried(client, registration_page, monkeypatch):
    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise OperationalError("no such table: forms_app_application")

    monkeypatch.setattr(services, "application_submit", broken)
    with pytest.raises(OperationalError):
        client.post(registration_page.url, applicant())
    assert len(calls) == 1
