"""The school's pages as `manage.py load_school_content` builds them (hostsite.content.school)."""

import copy
import io
import re
from functools import cache

import pytest
from django.core.management import call_command
from hostsite.content import school
from hostsite.content.school import BROCHURE, brochure_lines, load_data, load_school_content
from hostsite.models import ContactSettings, ContentFingerprint, HomePage, StandardPage
from opencc import OpenCC
from wagtail.models import Page, Revision, Site

from tests.hostsite.visible_text import element_text, text_nodes

DATA = load_data()
SCHOOL_PAGES = DATA["pages"]
SCHOOL_TITLES = [page["title"] for page in SCHOOL_PAGES]
T2S = OpenCC("t2s")
SCHOOL_NAME = "锡林郭勒盟振达职业培训学校"


@cache
def brochure_simplified() -> str:
    """The brochure as the school sent it, converted to Simplified Chinese, nothing else."""
    return T2S.convert(BROCHURE.read_text(encoding="utf-8"))


def school_page(slug: str) -> StandardPage:
    return StandardPage.objects.get(slug=slug)


def run_loader(*args: str) -> str:
    out = io.StringIO()
    call_command("load_school_content", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "fingerprints": ContentFingerprint.objects.count(),
        "contacts": ContactSettings.objects.get().contacts.count(),
    }


# --- First load ---------------------------------------------------------------------------------


def test_first_load_creates_the_home_page_and_the_school_pages_in_the_menu(first_load, home):
    assert isinstance(home, HomePage)
    assert home.title == SCHOOL_NAME
    assert home.live
    pages = list(home.get_children().type(StandardPage).specific())
    assert [page.title for page in pages] == SCHOOL_TITLES
    assert [page.slug for page in pages] == [page["slug"] for page in SCHOOL_PAGES]
    assert all(page.live and page.show_in_menus for page in pages)
    created = int(re.match(r"created (\d+),", first_load.output).group(1))
    assert created >= 1 + len(SCHOOL_PAGES)
    assert Page.objects.count() >= first_load.page_count_before + created - 1  # minus "Welcome"


def test_the_pages_are_in_simplified_chinese(client, loaded_site):
    for page in [loaded_site.root_page, *StandardPage.objects.all()]:
        html = client.get(page.url).content.decode()
        text = element_text(html, inside="main")
        assert text, page.title
        assert T2S.convert(text) == text, f"{page.title}: Traditional characters in {text!r}"
        assert "學" not in text and "職業" not in text


def test_the_wagtail_welcome_page_is_gone_and_the_default_site_shows_the_home_page(home):
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    assert not Page.objects.filter(title__icontains="welcome").exists()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert site.site_name == SCHOOL_NAME


def test_the_contact_details_are_a_site_setting(loaded_site):
    setting = ContactSettings.for_site(loaded_site)
    assert setting.organisation_name == SCHOOL_NAME
    assert setting.registration_phone == "0479-8225060"
    assert [(p.name, p.mobile, p.wechat_same_number) for p in setting.contacts.all()] == [
        ("郝老师", "15104790798", True)
    ]


def test_contact_details_the_school_changed_are_kept_unless_forced(loaded_site):
    setting = ContactSettings.for_site(loaded_site)
    setting.registration_phone = "0479-8888888"
    setting.save()
    load_school_content()
    assert ContactSettings.for_site(loaded_site).registration_phone == "0479-8888888"
    load_school_content(force=True)
    setting = ContactSettings.for_site(loaded_site)
    assert setting.registration_phone == "0479-8225060"
    assert [person.name for person in setting.contacts.all()] == ["郝老师"]


def test_every_page_shows_the_contact_details_in_its_footer(client, loaded_site):
    urls = [page.url for page in loaded_site.root_page.get_descendants(inclusive=True).live()]
    urls += ["/search/?q=学校", "/no-such-page/"]
    assert len(urls) > len(SCHOOL_PAGES)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        footer = element_text(response.content.decode(), inside="footer")
        for expected in ("报名电话", "0479-8225060", "郝老师", "15104790798", "微信同号"):
            assert expected in footer, f"{expected} missing from the footer of {url}"


# --- Text only from the brochure ----------------------------------------------------------------


def test_empty_brochure_sections_have_no_page(loaded_site):
    sections = set(StandardPage.objects.values_list("source_section", flat=True))
    assert sections == {page["section"] for page in SCHOOL_PAGES}
    assert sections.isdisjoint({"05", "11", "13"})
    lines = brochure_lines()
    assert "11" not in lines  # the brochure skips 11; 05 and 13 are numbers with nothing under
    for empty in ("05", "13"):
        assert re.fullmatch(r"\d\d", lines[lines.index(empty) + 1])


def test_every_line_the_data_file_names_lies_in_its_own_section():
    section_of, current = {}, None
    for number, text in enumerate(brochure_lines(), start=1):
        current = text if re.fullmatch(r"\d\d", text) else current
        section_of[number] = current
    for page in SCHOOL_PAGES:
        for item in page["body"]:
            for number in item.get("lines", [item.get("line")]):
                if number is not None:
                    assert section_of[number] == page["section"], (page["slug"], number)
    assert section_of[DATA["home"]["introduction"]["line"]] == "01"


def test_every_text_on_the_pages_is_the_brochures(client, loaded_site):
    """No invented text: what a visitor reads is the brochure's, converted to Simplified.

    Page titles are the only exception (the brochure numbers its sections and has no titles),
    and the home page's list of section links repeats those titles; the plugins' entry links
    (报名, 报名查询) are navigation, not content; the latest announcements are the editors'.
    """
    brochure = brochure_simplified()
    checked = 0
    for page in [loaded_site.root_page.specific, *StandardPage.objects.all()]:
        html = client.get(page.url).content.decode()
        for around, text in text_nodes(html, inside="main"):
            is_title = "h1" in around and isinstance(page, StandardPage)
            is_section_list = any(
                ".card-grid" in n
                or ".section-title" in n
                or ".entry-links" in n
                or ".latest-announcements" in n
                for n in around
            )
            if is_title or is_section_list:
                continue
            assert text in brochure, f"{page.title}: {text!r} is not in the brochure"
            checked += 1
    assert checked >= 25


def test_the_home_page_introduction_is_the_brochures_first_sentence(client, home):
    assert home.introduction.endswith("。")
    assert home.introduction in brochure_simplified()
    assert home.introduction.startswith(SCHOOL_NAME)
    html = client.get("/").content.decode()
    assert home.introduction in element_text(html, inside="main")


# --- Running it again ---------------------------------------------------------------------------


def test_running_again_changes_nothing(loaded_site):
    before = counts()
    output = run_loader()
    assert counts() == before
    assert output.startswith("created 0, updated 0, unchanged ")
    assert "kept editor changes 0" in output
    report = load_school_content()
    assert report.created == report.updated == report.kept == []
    assert set(SCHOOL_TITLES) <= set(report.unchanged)
    assert counts() == before


def test_a_page_an_editor_published_is_kept_unless_forced(loaded_site):
    page = school_page("about")
    original_title, original_body = page.title, page.body.get_prep_value()
    page.title = "学校概况"
    page.body = [("paragraph", "<p>编辑改写的简介。</p>")]
    page.save_revision().publish()

    output = run_loader()
    page.refresh_from_db()
    assert page.title == "学校概况"
    assert "编辑改写的简介" in str(page.body)
    assert "kept editor changes 1" in output
    assert "学校概况" in output and "--force" in output

    revisions = page.revisions.count()
    output = run_loader("--force")
    page.refresh_from_db()
    assert page.title == original_title
    assert [b["value"] for b in page.body.get_prep_value()] == [b["value"] for b in original_body]
    assert page.revisions.count() == revisions + 1
    assert "updated 1" in output


def test_an_unpublished_draft_is_kept_unless_forced(loaded_site):
    page = school_page("process")
    draft = page.get_latest_revision_as_object()
    draft.title = "考务流程（草稿）"
    draft.save_revision()

    report = load_school_content()
    page.refresh_from_db()
    assert "考务流程" in report.kept
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "考务流程（草稿）"
    assert page.title == "考务流程"  # the live page was never touched

    report = load_school_content(force=True)
    page.refresh_from_db()
    assert "考务流程" in report.updated
    assert not page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "考务流程"


def changed_data() -> dict:
    data = copy.deepcopy(load_data())
    about = next(page for page in data["pages"] if page["slug"] == "about")
    about["title"] = "学校概况"
    about["body"] = about["body"][:1]
    return data


def test_a_page_nobody_edited_follows_the_data_file(loaded_site, monkeypatch):
    revisions = {page.slug: page.revisions.count() for page in StandardPage.objects.all()}
    monkeypatch.setattr(school, "load_data", changed_data)

    report = load_school_content()

    assert report.updated == ["学校概况"]
    assert report.created == report.kept == []
    page = school_page("about")
    assert page.title == "学校概况" and page.live and not page.has_unpublished_changes
    assert len(page.body) == 1
    assert revisions["about"] + 1 == page.revisions.count()
    for other in StandardPage.objects.exclude(slug="about"):
        assert other.revisions.count() == revisions[other.slug]
    assert load_school_content().updated == []  # and the new state is now "unchanged"


def test_a_page_an_editor_changed_does_not_follow_the_data_file(loaded_site, monkeypatch):
    page = school_page("about")
    page.search_description = "编辑加的说明"
    page.title = "本校简介"
    page.save_revision().publish()
    monkeypatch.setattr(school, "load_data", changed_data)

    report = load_school_content()

    page.refresh_from_db()
    assert report.kept == ["本校简介"]
    assert page.title == "本校简介" and len(page.body) == 2


@pytest.mark.parametrize("deleted_slug", ["levels"])
def test_a_page_an_editor_deleted_stays_deleted_unless_forced(loaded_site, deleted_slug):
    school_page(deleted_slug).delete()
    report = load_school_content()
    assert not StandardPage.objects.filter(slug=deleted_slug).exists()
    assert any("deleted by an editor" in title for title in report.kept)
    load_school_content(force=True)
    assert school_page(deleted_slug).live
