"""The JSON API at /api/v1/ (hostsite.api)."""

import json
import re


def test_the_api_documentation_works_without_any_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    for cdn in ("cdn.jsdelivr", "unpkg", "cdnjs", "googleapis"):
        assert cdn not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset  # served by the site itself


def test_the_openapi_document_is_json_with_the_apis_title(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "职业技能等级认定 API"
    assert "/api/v1/health" in document["paths"]


def test_the_api_answers_its_health_check_from_real_checks(client, db):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": True,
        "cache": True,
        "failed": [],
    }
    assert "no-cache" in response["Cache-Control"]


def test_the_api_health_check_answers_503_when_the_cache_fails(client, db, monkeypatch):
    from hostsite import health

    monkeypatch.setattr(health, "caches", {"default": BrokenCache()})

    response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": True,
        "cache": False,
        "failed": ["cache"],
    }


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    get = set
