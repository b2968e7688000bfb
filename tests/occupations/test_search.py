"""The occupation pages in the site search (OccupationPage.searchable_*, hostsite.search):
name, aliases, code, specialty names and the text of every registration condition."""

import re

import pytest
from hostsite.search import normalise

from occupations.models import OccupationIndexPage, OccupationPage
from tests.search_support import assert_found_by_title_and_text, found_urls, results


def occupation(title: str) -> OccupationPage:
    return OccupationPage.objects.live().get(title=title)


@pytest.mark.parametrize("query", ["电子商务师", "電子商務", "網商", "网商", "电子商务员"])
def test_the_occupation_is_the_first_result_for_its_name_aliases_and_specialties(
    client, loaded_site, query
):
    first = results(client, query)[0]
    assert (first.title, first.label) == ("电子商务师", "职业")
    assert first.url == occupation("电子商务师").url


@pytest.mark.parametrize("query", ["4-04-05-01", "４－０４－０５－０１"])
def test_the_occupation_code_finds_it_half_or_full_width(client, loaded_site, query):
    assert [r.title for r in results(client, query)] == ["计算机程序设计员"]


def test_a_word_inside_a_name_finds_the_occupation(client, loaded_site):
    assert "计算机程序设计员" in [r.title for r in results(client, "程序设计")]


def test_a_phrase_of_a_condition_finds_exactly_the_occupations_that_state_it(client, loaded_site):
    phrase = "连续从事本职业工作"

    def states_it(page: OccupationPage) -> bool:
        texts = (re.sub(r"\W", "", normalise(t)) for t in page.searchable_texts())
        return any(phrase in text for text in texts)

    expected = {p.title for p in OccupationPage.objects.live() if states_it(p)}
    assert 2 <= len(expected) < OccupationPage.objects.live().count()
    found = {r.title for r in results(client, phrase) if r.label == "职业"}
    assert found == expected
    snippet = results(client, phrase)[0].snippet_html
    assert "<mark>连续从事本职业工作</mark>" in snippet


def test_a_condition_text_an_editor_changes_is_found_after_publishing(client, loaded_site):
    from tests.occupations.factories import edit_condition_text

    page = occupation("计算机程序设计员")
    specialty = page.specialties.first()
    level = specialty.levels[0]
    edit_condition_text(
        page,
        specialty=specialty.name,
        level_number=int(level.value["level"]),
        number=level.value["conditions"][0]["number"],
        text="在软件企业担任实习编码员满两年。",
    )
    assert [r.title for r in results(client, "实习编码员")] == ["计算机程序设计员"]


def test_every_occupation_page_is_found_by_its_title_and_condition_text(loaded_site):
    for page in OccupationPage.objects.live():
        texts = [t for t in page.searchable_texts() if re.search(r"[\u4e00-\u9fff]{2}", t or "")]
        assert_found_by_title_and_text(page, max(texts, key=len))


def test_the_occupations_index_is_found_by_its_title_and_introduction(loaded_site):
    index = OccupationIndexPage.objects.get()
    index.introduction = "<p>本校开展认定的全部职业及各等级的报名条件。</p>"
    index.save_revision().publish()
    index.refresh_from_db()
    assert_found_by_title_and_text(index, "本校开展认定的全部职业及各等级的报名条件。")


def test_nothing_found_suggests_the_occupations_index_and_the_checker(client, loaded_site):
    html = client.get("/search/", {"q": "不存在的词语"}).content.decode()
    suggestions = re.search(r'<div class="search-suggestions">(.*?)</div>', html, re.S).group(1)
    assert f'href="{OccupationIndexPage.objects.get().url}"' in suggestions
    assert 'href="/eligibility/"' in suggestions and "资格自测" in suggestions


def test_a_search_with_results_suggests_nothing(client, loaded_site):
    html = client.get("/search/", {"q": "电子商务师"}).content.decode()
    assert "search-suggestions" not in html


def test_pages_found_are_all_live_and_public(loaded_site):
    page = occupation("电子商务师")
    page.unpublish()
    assert page.url not in found_urls("电子商务师")
