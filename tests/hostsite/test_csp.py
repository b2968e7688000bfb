"""Content-Security-Policy on every response (hostsite.csp): public pages run only the site's
files and nonce-carrying inline scripts; the admin has its own policy."""

from __future__ import annotations

import re

import pytest


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if " " in part.strip())


def test_a_public_page_runs_only_the_sites_own_script_files(client, school_site):
    response = client.get("/")
    policy = directives(response)

    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # no inline script at all


def test_a_page_from_the_page_cache_carries_no_shared_nonce(client, school_site, settings):
    """A nonce served to every visitor from the cache would protect nothing: public pages use
    none (their scripts are files), so a cached page has none either."""
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/")
    cached = client.get("/")

    assert cached["X-Page-Cache"] == "hit"
    assert "nonce-" not in cached["Content-Security-Policy"]
    assert "nonce=" not in cached.content.decode()


def test_a_template_that_uses_a_nonce_gets_a_fresh_one_per_request(rf):
    from django.http import HttpResponse
    from hostsite.csp import SiteCSPMiddleware

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    middleware = SiteCSPMiddleware(view)
    first, second = (middleware(rf.get("/search/")) for _ in range(2))
    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    assert f"nonce='{nonce}'" in first.content.decode()
    assert nonce not in second["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/openapi.json", "/no-such-page/"])
def test_json_and_error_responses_have_a_policy_too(client, db, path):
    assert "default-src 'self'" in client.get(path)["Content-Security-Policy"]


def test_the_admin_has_its_own_policy(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "nonce-" not in policy["script-src"]  # a nonce would switch 'unsafe-inline' off
    assert policy["object-src"] == "'none'"
