"""Host views (hostsite.views): the health check a load balancer polls."""

import json

from django.db import OperationalError
from hostsite import health


def test_healthz_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": True,
        "cache": True,
        "failed": [],
    }
    assert "no-cache" in response["Cache-Control"]


class _UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed")


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", _UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": False,
        "cache": True,
        "failed": ["database"],
    }
    assert "no-cache" in response["Cache-Control"]
