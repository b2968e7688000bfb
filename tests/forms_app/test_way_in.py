"""A way in and back: a fresh site has a batch and an open form per occupation; 报名 and 报名查询
are in the menu and on the home page; the checker links each level one qualifies for to its form;
form pages have short ASCII slugs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from hostsite.content.sync import SyncReport
from hostsite.models import HomePage

from forms_app.content_loader import load_registration_forms
from forms_app.fields import get_field_type
from forms_app.models import ExamPeriod, RegistrationFormPage
from occupations.models import OccupationPage
from tests.forms_app import factories
from tests.occupations.test_views import (
    COLLEGE_OTHER_MAJOR,
    WORK_SINCE_2019,
    checker_form,
    headlines,
)

CHECKER = "/eligibility/"


def loaded_forms() -> list[RegistrationFormPage]:
    return list(RegistrationFormPage.objects.filter(slug__startswith="apply-").order_by("path"))


def nav_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav id="site-nav".*?</nav>', html, re.S).group(0)
    return {label: href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


# --- the content loader --------------------------------------------------------------------------


def test_a_fresh_site_has_an_open_form_for_every_occupation(loaded_site):
    occupations = list(OccupationPage.objects.live())
    forms = loaded_forms()

    assert len(occupations) == 8
    assert {form.occupation_id for form in forms} == {o.pk for o in occupations}
    period = ExamPeriod.objects.get(forms__in=forms[:1])
    assert {form.exam_period_id for form in forms} == {period.pk}
    now = timezone.now()
    for form in forms:
        assert form.live and form.closed_reason() is None, form.title
        assert form.slug.isascii() and form.slug == f"apply-{form.occupation.slug}"
        assert form.url.isascii()
        assert form.opens_at <= now < form.closes_at
        assert not form.missing_roles()
        assert form.target_choices(), form.title
        kinds = [get_field_type(f.field_type).name for f in form.form_fields.all()]
        assert kinds[:4] == ["full_name", "id_number", "mobile", "target"]  # in this order
        assert {"photo", "education", "work_history"} <= set(kinds)


def test_an_applicant_can_apply_on_a_fresh_site(client, loaded_site):
    form = next(f for f in loaded_forms() if f.occupation.title == "电子商务师")

    response = client.get(form.url)

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("姓名", "居民身份证号码", "手机号码", "申报工种与等级", "证件照"):
        assert label in html
    assert "不开展None" not in html


def test_loading_again_changes_nothing_and_keeps_what_editors_changed(loaded_site):
    home = HomePage.objects.get()
    edited = loaded_forms()[0]
    edited.closes_at = timezone.now() - timedelta(minutes=1)  # an editor closes it
    edited.save_revision().publish()
    pages, periods = RegistrationFormPage.objects.count(), ExamPeriod.objects.count()

    report = SyncReport()
    load_registration_forms(home=home, force=False, report=report)

    assert RegistrationFormPage.objects.count() == pages
    assert ExamPeriod.objects.count() == periods
    assert report.created == [] and report.updated == []
    assert report.kept == [edited.title] and len(report.unchanged) == 7
    edited.refresh_from_db()
    assert edited.closed_reason() == "报名已截止。"


def test_a_form_an_editor_deleted_is_not_brought_back(loaded_site):
    home = HomePage.objects.get()
    gone = loaded_forms()[0]
    gone.delete()

    report = SyncReport()
    load_registration_forms(home=home, force=False, report=report)

    assert not RegistrationFormPage.objects.filter(slug=gone.slug).exists()
    assert any("deleted by an editor" in line for line in report.kept)


# --- 报名 and 报名查询 in the menu and on the home page ---------------------------------------


@pytest.mark.parametrize("path", ["/", "/eligibility/", "/applications/status/"])
def test_the_main_menu_leads_to_apply_and_the_status_lookup(client, loaded_site, path):
    links = nav_links(client.get(path).content.decode())

    assert links["报名"] == "/applications/"
    assert links["报名查询"] == "/applications/status/"


def test_the_home_page_shows_the_way_to_apply_and_to_look_up(client, loaded_site):
    html = client.get("/").content.decode()

    entry = re.search(r'<nav class="entry-links".*?</nav>', html, re.S).group(0)
    assert 'href="/applications/"' in entry and "报名" in entry
    assert 'href="/applications/status/"' in entry and "报名查询" in entry


def test_the_apply_page_lists_every_open_form(client, loaded_site):
    response = client.get("/applications/")

    html = response.content.decode()
    assert response.status_code == 200
    for form in loaded_forms():
        assert form.title in html
        assert f'<a class="button" href="{form.url}">去报名</a>' in html
    assert 'href="/eligibility/"' in html and 'href="/applications/status/"' in html


def test_closed_and_unpublished_forms_are_not_listed(client, loaded_site):
    closed, draft, *_rest = loaded_forms()
    closed.opens_at = timezone.now() - timedelta(days=10)
    closed.closes_at = timezone.now() - timedelta(days=1)
    closed.save_revision().publish()
    draft.unpublish()

    html = client.get("/applications/").content.decode()

    assert closed.title not in html and draft.title not in html
    assert loaded_forms()[2].title in html


def test_with_no_open_form_the_apply_page_says_so(client, loaded_site):
    for form in loaded_forms():
        form.unpublish()

    html = client.get("/applications/").content.decode()

    assert "目前没有正在报名的职业" in html


# --- the checker's "去报名" -----------------------------------------------------------------------


def test_the_checker_links_each_level_one_qualifies_for_to_its_form(client, loaded_site):
    form = next(f for f in loaded_forms() if f.occupation.title == "电子商务师")
    post = checker_form("电子商务师|网商", work=[WORK_SINCE_2019], education=[COLLEGE_OTHER_MAJOR])

    html = client.post(CHECKER, post).content.decode()

    verdicts = headlines(html)
    apply = dict(
        re.findall(
            r'<h3>([^<]+)</h3>\s*<p class="result-headline">[^<]*</p>\s*'
            r'<p class="result-apply"><a class="button" href="([^"]+)">去报名',
            html,
        )
    )
    qualified = [level for level, verdict in verdicts.items() if verdict.startswith("符合")]
    assert qualified and set(apply) == set(qualified)
    assert apply["四级/中级工"] == f"{form.url}?level=4&amp;specialty=online-merchant"
    assert all(url.isascii() for url in apply.values())


def test_the_link_opens_the_form_with_the_level_chosen(client, loaded_site):
    form = next(f for f in loaded_forms() if f.occupation.title == "电子商务师")

    html = client.get(form.url, {"level": "3", "specialty": "online-merchant"}).content.decode()

    assert '<option value="网商|3" selected>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"level": "9", "specialty": "online-merchant"},
        {"level": "3", "specialty": "x"},
        {"level": "a"},
    ],
)
def test_a_link_asking_for_what_the_form_does_not_offer_chooses_nothing(client, loaded_site, query):
    form = next(f for f in loaded_forms() if f.occupation.title == "电子商务师")

    response = client.get(form.url, query)

    assert response.status_code == 200
    assert "selected>" not in re.search(
        r'<select name="target".*?</select>', response.content.decode(), re.S
    ).group(0).replace('value="" selected>', "")


def test_no_link_when_the_occupation_has_no_open_form(client, loaded_site):
    for form in loaded_forms():
        form.unpublish()
    post = checker_form("电子商务师|网商", work=[WORK_SINCE_2019], education=[COLLEGE_OTHER_MAJOR])

    html = client.post(CHECKER, post).content.decode()

    assert "符合报名条件" in html and "去报名" not in html


# --- level cards and slugs -----------------------------------------------------------------------


def test_level_cards_show_that_they_expand(client, loaded_site):
    page = OccupationPage.objects.get(title="电子商务师")

    html = client.get(page.url).content.decode()

    summaries = re.findall(r"<summary>(.*?)</summary>", html, re.S)
    assert summaries and all("展开" in s and "收起" in s for s in summaries)
    assert all('class="level-toggle"' in s for s in summaries)


@pytest.mark.parametrize("slug", ["", "电子商务师报名"])
def test_a_form_page_gets_a_short_ascii_slug(loaded_site, occupation, slug):
    period = factories.ExamPeriodFactory()
    page = RegistrationFormPage(
        title="电子商务师报名（第二批）",
        slug=slug,
        occupation=occupation,
        exam_period=period,
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=3),
    )
    page.form_fields = factories.standard_fields()
    HomePage.objects.get().add_child(instance=page)

    assert page.slug == "apply-e-commerce-specialist-2"  # the loader's form has the plain one
    assert page.url.isascii()
