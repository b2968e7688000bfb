"""Search results ranked, counted and paged in the database (hostsite.search_index): a page of
results costs the same queries however many pages are found, on SQLite and on PostgreSQL."""

import pytest
from hostsite.search import query_terms
from hostsite.search_index import ranked_page_ids
from wagtail.models import Page

from tests.hostsite.factories import document, publish_announcement, publish_standard_page
from tests.hostsite.visible_text import element_text
from tests.search_support import results

# Measured 2026-12-01 with every plugin enabled, a page of 20 results of three page types (职业,
# 报名表, 通知 with attachments), the page's chrome kept per content token: 9 queries on SQLite and
# on PostgreSQL: view restrictions, one page of ids with the count of all matches, and per page
# type its pages and the relations its texts read. One query per result (e.g. each
# announcement's attachments) would add twenty.
SEARCH_PAGE_QUERIES = 9


def ranked_titles(query: str) -> list[str]:
    ids = [pk for pk, _ in ranked_page_ids(query_terms(query), Page.objects.live().public())]
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]


@pytest.mark.plugins("forms_app")  # occupations and registration forms among the results
def test_a_page_of_results_costs_the_same_queries_however_many_pages_are_found(
    client, loaded_site, django_assert_max_num_queries
):
    pdf = document("报名材料清单", "list.pdf", b"%PDF-1.4\n%%EOF\n")
    for n in range(45):
        publish_announcement(
            title=f"第{n + 1}期培训安排",
            slug=f"training-{n}",
            body="本期培训面向电子商务师报名考生。",
            attachments=[("报名材料清单", pdf)],
        )
    client.get("/search/", {"q": "电子商务"})  # warm per-process caches (site root paths)
    with django_assert_max_num_queries(SEARCH_PAGE_QUERIES):
        response = client.get("/search/", {"q": "电子商务"})
    shown = results(client, "电子商务")
    assert len(shown) == 20
    assert {r.label for r in shown} == {"职业", "报名表", "通知"}
    assert all("报名材料清单" in r.snippet for r in shown if r.label == "通知")  # attachments read
    count = len(ranked_titles("电子商务"))
    assert count >= 47
    assert f"找到 {count} 个结果" in element_text(response.content.decode(), inside="main")


def test_pages_whose_names_hold_the_terms_come_first_shorter_titles_first_then_by_relevance(
    loaded_site,
):
    once = publish_standard_page(
        title="考场规则", slug="once", body="进入考场前请阅读考生须知，迟到十五分钟不得入场。"
    )
    thrice = publish_standard_page(
        title="入场说明", slug="thrice", body="考生须知：考生须知张贴在门口，考生须知要读完。"
    )
    named = publish_standard_page(title="考生须知", slug="named", body="请按时到达。")
    longer = publish_standard_page(
        title="考生须知补充说明", slug="longer", body="考生须知第三条：考生须知以此为准。"
    )
    found = ranked_titles("考生须知")
    assert found.index(named.title) < found.index(longer.title)  # the terms are more of it
    assert found.index(longer.title) < found.index(thrice.title) < found.index(once.title)


def test_one_term_in_the_title_and_one_in_the_text_finds_the_page(loaded_site):
    page = publish_standard_page(title="食堂开放时间", slug="canteen", body="周末供应午餐。")
    assert ranked_titles("食堂 午餐") == [page.title]
    assert ranked_titles("食堂 晚餐") == []


def test_the_count_and_the_slices_cover_every_match_once(loaded_site):
    for n in range(25):
        publish_announcement(title=f"第{n + 1}批补考名单", slug=f"resit-{n}")
    ranked = ranked_page_ids(query_terms("补考名单"), Page.objects.live().public())
    assert ranked.count() == 25
    assert len(set(ranked[:10]) | set(ranked[10:20]) | set(ranked[20:30])) == 25


def test_a_page_number_past_the_last_or_not_a_number_shows_the_last_or_the_first(
    client, loaded_site
):
    for n in range(23):
        publish_announcement(title=f"第{n + 1}批换证通知", slug=f"renewal-{n}")
    first, last = results(client, "换证通知"), results(client, "换证通知", page=2)
    assert (len(first), len(last)) == (20, 3)
    assert results(client, "换证通知", page=9) == last
    assert results(client, "换证通知", page="下一页") == first
    html = client.get("/search/", {"q": "换证通知", "page": 9}).content.decode()
    assert "找到 23 个结果" in element_text(html, inside="main")
