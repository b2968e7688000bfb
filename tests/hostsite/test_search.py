"""Site search at /search/ (hostsite.search, hostsite.selectors.page_search, the view).

The same tests run on SQLite (FTS5) and on PostgreSQL (full-text search) in CI.
"""

import pytest
from hostsite.search import index_text, search_query
from wagtail.search.query import And, Phrase

from tests.hostsite.visible_text import element_text, text_nodes


def result_titles(response) -> list[str]:
    html = response.content.decode()
    return [
        text for around, text in text_nodes(html, inside="main") if "ol.search-results" in around
    ]


@pytest.mark.parametrize(
    "query",
    ["办学理念", "校企合作", "3A级培训学校", "学校简介", "办学理念 2011"],
)
def test_a_word_from_the_school_profile_finds_it(client, loaded_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert result_titles(response)[0] == "学校简介"
    assert "找到" in element_text(response.content.decode(), inside="main")


def test_the_results_link_to_the_pages(client, loaded_site):
    html = client.get("/search/", {"q": "考务流程"}).content.decode()
    assert 'href="/process/"' in html


def test_a_word_in_a_title_finds_the_page(client, loaded_site):
    assert "锡林郭勒盟振达职业培训学校" in result_titles(client.get("/search/", {"q": "振达"}))


def test_every_term_must_occur(client, loaded_site):
    assert result_titles(client.get("/search/", {"q": "办学理念 高级技师"})) == []


def test_an_empty_query_shows_the_form_only(client, loaded_site):
    response = client.get("/search/", {"q": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form action="/search/"' in html and 'name="q"' in html
    text = element_text(html, inside="main")
    assert "站内搜索" in text
    assert "没有找到" not in text and "找到" not in text


@pytest.mark.parametrize("query", ["不存在的词语", "\"'*)(!!", "zzzz"])
def test_nothing_found_says_so_in_chinese(client, loaded_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert f"没有找到与“{query}”相关的页面。" in element_text(
        response.content.decode(), inside="main"
    )


def test_chinese_text_is_indexed_character_by_character():
    assert index_text("学校坚持“符合政府要求”，2011年5月", "3A级") == (
        "学 校 坚 持 符 合 政 府 要 求 2011 年 5 月 3A 级"
    )


def test_every_typed_term_becomes_a_phrase_of_its_characters():
    assert search_query("  ") is None
    assert search_query("!!") is None
    single = search_query("办学")
    assert isinstance(single, Phrase) and single.query_string == "办 学"
    both = search_query("办学 2011")
    assert isinstance(both, And)
    assert [q.query_string for q in both.subqueries] == ["办 学", "2011"]
