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


def test_the_api_answers_its_health_check(client, db):
    assert json.loads(client.get("/api/v1/health").content) == {"status": "ok"}
