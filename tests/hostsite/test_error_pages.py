"""Error pages (templates/403.html, 404.html, 500.html): Chinese, with a way back home."""

import pytest
from django.test import Client

from tests.hostsite.visible_text import element_text

pytestmark = pytest.mark.urls("tests.hostsite.error_urls")


def test_an_unknown_address_shows_the_chinese_404_page_inside_the_site(client, loaded_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in element_text(html, inside="main")
    assert "返回首页" in html
    assert "锡林郭勒盟振达职业培训学校" in element_text(html, inside="header")
    assert "学校简介" in element_text(html, inside="nav")
    assert "0479-8225060" in element_text(html, inside="footer")


def test_a_forbidden_page_shows_the_chinese_403_page(client, loaded_site):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有访问权限" in element_text(html, inside="main")
    assert "0479-8225060" in element_text(html, inside="footer")


def test_a_server_error_shows_the_static_chinese_500_page(loaded_site):
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错" in element_text(html, inside="main")
    assert 'href="/"' in html
    assert "a bug" not in html and "Traceback" not in html


def test_the_database_out_of_reach_answers_a_retryable_503_in_chinese(loaded_site):
    """A PostgreSQL restart during a submission (bench/faults.py postgres) is no bug: the
    applicant is told nothing was stored and to send it again, with Retry-After."""
    client = Client(raise_request_exception=False)
    response = client.get("/test-database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    text = element_text(response.content.decode(), inside="main")
    assert "服务暂时不可用" in text and "重新提交" in text
    assert "server closed" not in response.content.decode()
