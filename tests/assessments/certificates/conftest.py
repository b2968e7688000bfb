"""Fixtures of the certificates' tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assessments.models import Candidate
from assessments.services.certificates import issuing


@pytest.fixture
def results(monkeypatch):
    """The results area as the certificates see it: blockers per plan, who passed."""
    state = SimpleNamespace(blockers=[], passed=set())
    module = SimpleNamespace(
        plan_certificate_blockers=lambda plan: list(state.blockers),
        plan_passed_candidates=lambda plan: Candidate.objects.filter(
            plan=plan, pk__in=state.passed
        ).order_by("pk"),
    )
    monkeypatch.setattr(issuing, "_results", lambda: module)
    return state
