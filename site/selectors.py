"""Host reads: the navigation menu and the home page."""

from wagtail.models import Page, Site


def menu_pages(*, site: Site | None) -> list[Page]:
    """The live, public pages under the site's home page that editors put in the menu."""
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().only("title", "url_path"))
