"""The site's header navigation (hostsite.templatetags.navigation, templates/includes/nav.html)."""

import re

from hostsite.content.school import load_data
from hostsite.models import StandardPage

from tests.hostsite.visible_text import text_nodes

SCHOOL_TITLES = [page["title"] for page in load_data()["pages"]]


def nav_links(html: str) -> list[str]:
    return [text for around, text in text_nodes(html, inside="nav") if around[-1] == "a"]


def test_the_menu_lists_home_then_the_schools_pages_in_order(client, loaded_site):
    links = nav_links(client.get("/").content.decode())
    assert links[0] == "首页"
    school_links = [link for link in links if link in SCHOOL_TITLES]
    assert school_links == SCHOOL_TITLES
    assert links[1 : 1 + len(SCHOOL_TITLES)] == SCHOOL_TITLES  # plugins' pages come after


def test_the_menu_marks_the_current_page(client, loaded_site):
    html = client.get("/process/").content.decode()
    assert re.search(r'<a href="/process/" aria-current="page">考务流程</a>', html)
    assert html.count('aria-current="page"') == 1


def test_a_page_taken_out_of_the_menu_disappears_from_it(client, loaded_site):
    StandardPage.objects.filter(slug="levels").update(show_in_menus=False)
    assert "等级设置" not in nav_links(client.get("/").content.decode())


def test_the_menu_button_controls_the_navigation(client, loaded_site):
    html = client.get("/").content.decode()
    button = re.search(r'<button class="menu-toggle"[^>]*>', html).group(0)
    assert 'aria-controls="site-nav"' in button
    assert 'aria-expanded="false"' in button
    assert 'type="button"' in button
    assert '<nav id="site-nav"' in html
    assert "菜单" in html
