"""Host reads: the navigation menu, the home page and site search."""

from hostsite.search import search_query
from wagtail.models import Page, Site


def menu_pages(*, site: Site | None) -> list[Page]:
    """The live, public pages under the site's home page that editors put in the menu."""
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().only("title", "url_path"))


def page_search(*, query: str, limit: int = 20) -> list[Page]:
    """The live, public pages that contain every term of ``query``, best match first."""
    built = search_query(query)
    if built is None:
        return []
    return list(Page.objects.live().public().specific().search(built)[:limit])
