"""Content-Security-Policy on every response (hostsite.csp): public pages run only the site's
files and nonce-carrying inline scripts; the admin has its own policy."""

from __future__ import annotations

import re

import pytest


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if " " in part.strip())


def test_a_public_page_allows_only_its_own_scripts_and_their_nonce(client, school_site):
    response = client.get("/")
    policy = directives(response)

    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the page has an inline script"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)


def test_every_request_gets_a_new_nonce(client, school_site, settings):
    """Every page rendered gets its own nonce (a page served again from the page cache for
    anonymous readers keeps the one it was rendered with: tests/hostsite/test_pagecache.py)."""
    settings.PAGE_CACHE_SECONDS = 0
    first = directives(client.get("/"))["script-src"]
    second = directives(client.get("/"))["script-src"]
    assert first != second


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/openapi.json", "/no-such-page/"])
def test_json_and_error_responses_have_a_policy_too(client, db, path):
    assert "default-src 'self'" in client.get(path)["Content-Security-Policy"]


def test_the_admin_has_its_own_policy(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "nonce-" not in policy["script-src"]  # a nonce would switch 'unsafe-inline' off
    assert policy["object-src"] == "'none'"
