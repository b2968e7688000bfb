"""`load_school_content()` builds the occupations section from requirements.yaml, idempotently,
and leaves an editor's changes alone unless forced."""

import pytest
from hostsite.content.school import load_school_content
from hostsite.models import HomePage
from wagtail.models import Revision

from occupations import selectors
from occupations.models import OccupationIndexPage, OccupationPage, Specialty
from tests.occupations.factories import edit_condition_text

BROCHURE_SLIP = "经本职业中级动画绘制员正规培训达规定标准学时数,并取得结业证书。"
EDITOR_FIX = "经本职业中级计算机软件测试员正规培训达规定标准学时数,并取得结业证书。"


def level_4_condition_3(page):
    specialty = page.specialties.get()
    level_4 = next(item for item in selectors.specialty_levels(specialty) if item.level == 4)
    return next(c.text for c in level_4.conditions if c.number == 3)


def test_one_index_page_in_the_menu_under_the_home_page(loaded_site):
    index = OccupationIndexPage.objects.get()

    assert index.title == "职业与报名条件"
    assert index.live and index.show_in_menus
    assert isinstance(index.get_parent().specific, HomePage)
    assert index.get_parent().pk == loaded_site.root_page_id


def test_home_page_menu_links_to_the_occupations(loaded_site, client):
    html = client.get("/").content.decode()

    assert '<a href="/occupations/">职业与报名条件</a>' in html


def test_eight_live_occupations_with_their_specialties(loaded_site):
    index = OccupationIndexPage.objects.get()
    pages = OccupationPage.objects.child_of(index).live()
    specialties = Specialty.objects.filter(page__in=pages)

    assert pages.count() == 8
    assert OccupationPage.objects.count() == 8
    assert specialties.exclude(name="").count() == 12
    assert sorted(s.page.title for s in specialties.filter(name="")) == [
        "信息通信网络运行管理员",
        "动画制作员",
        "计算机程序设计员",
        "计算机软件测试员",
    ]


def test_seventy_three_levels_and_two_hundred_thirty_conditions(loaded_site):
    levels = [level for s in Specialty.objects.all() for level in selectors.specialty_levels(s)]

    assert len(levels) == 73
    assert sum(len(level.conditions) for level in levels) == 230


def test_running_again_creates_nothing_and_changes_no_revision(loaded_site):
    revisions = set(Revision.objects.values_list("pk", flat=True))
    latest = dict(OccupationPage.objects.values_list("pk", "latest_revision_id"))

    report = load_school_content()

    assert report.created == []
    assert report.updated == []
    assert report.kept == []
    assert OccupationPage.objects.count() == 8
    assert OccupationIndexPage.objects.count() == 1
    assert set(Revision.objects.values_list("pk", flat=True)) == revisions
    assert dict(OccupationPage.objects.values_list("pk", "latest_revision_id")) == latest


@pytest.fixture
def edited_tester(loaded_site):
    """An editor fixed the brochure's copy-paste slip in 计算机软件测试员 四级 condition 3."""
    page = OccupationPage.objects.get(title="计算机软件测试员")
    assert level_4_condition_3(page) == BROCHURE_SLIP
    return edit_condition_text(page, specialty="", level_number=4, number=3, text=EDITOR_FIX)


def test_an_editors_change_survives_a_rerun(edited_tester):
    revision = edited_tester.latest_revision_id

    report = load_school_content()

    page = OccupationPage.objects.get(pk=edited_tester.pk)
    assert "计算机软件测试员" in report.kept
    assert report.updated == []
    assert level_4_condition_3(page) == EDITOR_FIX
    assert page.latest_revision_id == revision


def test_force_overwrites_an_editors_change(edited_tester):
    report = load_school_content(force=True)

    page = OccupationPage.objects.get(pk=edited_tester.pk)
    assert "计算机软件测试员" in report.updated
    assert level_4_condition_3(page) == BROCHURE_SLIP
    assert page.live and not page.has_unpublished_changes
    # Forced once, the page is the loader's again: the next plain run leaves it unchanged.
    assert load_school_content().updated == []
