"""Site search at /search/ (hostsite.search, hostsite.selectors.page_search, the view).

Run on SQLite (FTS5) and, with DATABASE_URL pointing at PostgreSQL, on its full-text search.
"""

import pytest
from hostsite.search import index_text, query_terms, snippet, term_pattern
from wagtail.models import PageViewRestriction

from tests.hostsite.factories import publish_announcement, publish_standard_page
from tests.hostsite.visible_text import element_text
from tests.search_support import assert_found_by_title_and_text, middle_term, results


def titles(client, query: str) -> list[str]:
    return [result.title for result in results(client, query)]


@pytest.mark.parametrize(
    "query",
    ["办学理念", "校企合作", "3A级培训学校", "学校简介", "办学理念 2011"],
)
def test_a_word_from_the_school_profile_finds_it(client, loaded_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert titles(client, query)[0] == "学校简介"
    assert "找到" in element_text(response.content.decode(), inside="main")


def test_the_results_link_to_the_pages(client, loaded_site):
    assert "/process/" in [result.url for result in results(client, "考务流程")]


def test_a_word_in_a_title_finds_the_page(client, loaded_site):
    assert "锡林郭勒盟振达职业培训学校" in titles(client, "振达")


def test_every_term_must_occur(client, loaded_site):
    assert titles(client, "办学理念 高级技师") == []


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


# --- Every host page type is found by its title and its main text -------------------------------


def test_the_home_page_is_found_by_its_title_and_introduction(loaded_site, home):
    assert_found_by_title_and_text(home, home.introduction)


def test_a_school_page_is_found_by_its_title_and_text(loaded_site):
    page = publish_standard_page(
        title="校园开放日安排", slug="open-day", body="开放日当天请携带身份证件到教学楼一层登记。"
    )
    assert_found_by_title_and_text(page, "开放日当天请携带身份证件到教学楼一层登记。")


def test_the_announcements_index_is_found_by_its_title_and_introduction(loaded_site):
    from hostsite.models import AnnouncementIndexPage

    index = AnnouncementIndexPage.objects.get()
    index.introduction = "学校发布的考试安排与报名通知"
    index.save_revision().publish()
    assert_found_by_title_and_text(index, index.introduction)


def test_an_announcement_is_found_by_its_title_and_body(loaded_site):
    page = publish_announcement(
        title="关于补考时间调整的说明", body="原定周六的补考改到下周一上午进行，地点不变。"
    )
    assert_found_by_title_and_text(page, "原定周六的补考改到下周一上午进行，地点不变。")


# --- Traditional characters, full-width forms, ranking, snippets --------------------------------


def test_a_traditional_query_finds_the_simplified_page(client, loaded_site):
    assert titles(client, "辦學理念")[0] == "学校简介"
    assert titles(client, "學校簡介")[0] == "学校简介"


def test_full_width_letters_and_digits_match_half_width_ones(client, loaded_site):
    assert titles(client, "３Ａ级培训学校")[0] == "学校简介"


def test_pages_with_the_terms_in_their_title_come_first(client, loaded_site):
    in_text = publish_standard_page(
        title="考场纪律",
        slug="rules",
        body="考生须知：严禁携带手机进入考场。考生须知请提前阅读。考生须知共十条。",
    )
    in_title = publish_standard_page(title="考生须知", slug="notes", body="请按时到达。")
    found = titles(client, "考生须知")
    assert found.index(in_title.title) < found.index(in_text.title)


def test_results_name_the_kind_of_page_and_highlight_the_terms(client, loaded_site):
    publish_announcement(
        title="春季认定报名通知", body="本次认定报名截止到三月底，请考生抓紧办理报名手续。"
    )
    found = {r.title: r for r in results(client, "截止")}
    notice = found["春季认定报名通知"]
    assert notice.label == "通知"
    assert "<mark>截止</mark>" in notice.snippet_html
    assert "本次认定报名截止到三月底" in notice.snippet
    school = results(client, "办学理念")[0]
    assert school.label == "页面"
    assert "<mark>办学理念</mark>" in school.snippet_html


def test_a_snippet_escapes_the_page_text():
    html = snippet(["<b>报名</b>须知"], term_pattern(query_terms("报名")))
    assert html == "&lt;b&gt;<mark>报名</mark>&lt;/b&gt;须知"


def test_many_results_are_shown_a_page_at_a_time(client, loaded_site):
    for n in range(23):
        publish_announcement(title=f"第{n + 1}批分页测试通知", slug=f"paged-{n}")
    first = results(client, "分页测试")
    second = results(client, "分页测试", page=2)
    assert len(first) == 20 and len(second) == 3
    assert not {r.url for r in first} & {r.url for r in second}
    html = client.get("/search/", {"q": "分页测试"}).content.decode()
    assert "找到 23 个结果" in element_text(html, inside="main")
    assert 'href="?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&amp;page=2"' in html


def test_a_page_with_a_view_restriction_is_not_found(client, loaded_site):
    page = publish_standard_page(title="内部工作安排", slug="internal", body="仅供教职工查看。")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert titles(client, "内部工作") == []


def test_a_term_from_the_middle_is_two_chinese_characters():
    assert middle_term("关于补考时间调整的说明") == "时间"
    assert len(middle_term("3A级培训学校")) == 2


# --- The tokenisation -------------------------------------------------------------------------


def test_chinese_text_is_indexed_character_by_character():
    assert index_text("学校坚持“符合政府要求”，2011年5月", "3A级") == (
        "学 校 坚 持 符 合 政 府 要 求 2011 年 5 月 3A 级"
    )


def test_traditional_and_full_width_text_is_indexed_as_simplified_half_width():
    assert index_text("電子商務師 ４－０４") == "电 子 商 务 师 4 04"


def test_every_typed_term_becomes_a_phrase_of_its_characters():
    assert query_terms("  ") == []
    assert query_terms("!!") == []
    assert query_terms("办学") == [["办", "学"]]
    assert query_terms("办学 2011") == [["办", "学"], ["2011"]]
    assert query_terms("網商") == [["网", "商"]]
