"""Host reads: what every page shows around its content, the home page and site search."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from hostsite import plugins
from hostsite.models import AnnouncementIndexPage, ContactSettings
from hostsite.search import (
    contains_all,
    highlight,
    query_terms,
    search_query,
    snippet,
    term_pattern,
    type_label,
)
from hostsite.versions import Remembered
from wagtail.models import Page, Site, get_page_models

#: How many of the best matches are ranked (title matches first) and paged through. A query
#: that finds more is too broad to read through anyway; the results say to add a term.
SEARCH_CANDIDATES = 300


MAX_SITES = 32  # Site.find_for_request falls back to the default site for unknown hosts


@dataclass(frozen=True)
class PageLink:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class ContactPersonData:
    name: str
    mobile: str
    wechat_same_number: bool


@dataclass(frozen=True)
class ContactDetails:
    """The school's contact settings (联系方式) as plain data."""

    organisation_name: str = ""
    registration_phone: str = ""
    address: str = ""
    email: str = ""
    contacts: tuple[ContactPersonData, ...] = ()
    share_image_url: str = ""  # the school's image (relative to the site), if it set one


@dataclass(frozen=True)
class SiteChrome:
    """What every public page shows around its content: the home page, the main menu (pages
    editors put in it, then the plugins' links), the contact details of the footer, the title
    and the share card."""

    home: PageLink | None = None
    menu: tuple[PageLink, ...] = ()
    links: tuple[plugins.ResolvedSiteLink, ...] = ()
    contact: ContactDetails = ContactDetails()


# Plain data per site and language, remembered in each process until content changes anywhere
# (a publish, unpublish, move or deletion, a site, privacy or setting change: hostsite.signals),
# so a page costs no query for it. While the shared cache is down it is read every time.
_chromes = Remembered(limit=MAX_SITES)


def site_chrome(*, site: Site | None) -> SiteChrome:
    """The site's chrome (see SiteChrome), read once per content token."""
    if site is None:
        return SiteChrome(links=tuple(plugins.site_links()))
    return _chromes.get((site.pk, get_language()), lambda: _read_site_chrome(site))


def _read_site_chrome(site: Site) -> SiteChrome:
    home = site.root_page
    menu = home.get_children().live().public().in_menu().only("title", "url_path", "path")
    return SiteChrome(
        home=_link(home, site),
        menu=tuple(_link(page, site) for page in menu),
        links=tuple(plugins.site_links()),
        contact=_contact_details(site),
    )


def _link(page: Page, site: Site) -> PageLink:
    return PageLink(pk=page.pk, title=page.title, url=page.get_url(current_site=site) or "")


def _contact_details(site: Site) -> ContactDetails:
    contact = ContactSettings.for_site(site)
    image = contact.share_image.get_rendition("fill-600x600").url if contact.share_image else ""
    return ContactDetails(
        organisation_name=contact.organisation_name,
        registration_phone=contact.registration_phone,
        address=contact.address,
        email=contact.email,
        contacts=tuple(
            ContactPersonData(p.name, p.mobile, p.wechat_same_number)
            for p in contact.contacts.all()
        ),
        share_image_url=image,
    )


@dataclass(frozen=True)
class AnnouncementLink:
    title: str
    url: str
    date: date


@dataclass(frozen=True)
class HomeContents:
    """What the home page lists below its introduction."""

    sections: tuple[PageLink, ...] = ()  # its pages in the menu (了解认定)
    announcement_index: PageLink | None = None  # 通知公告
    latest_announcements: tuple[AnnouncementLink, ...] = ()


_home_contents = Remembered(limit=MAX_SITES)


def home_contents(*, home: Page, site: Site | None, latest: int) -> HomeContents:
    """The home page's sections, its announcements index and the ``latest`` announcements,
    newest first: plain data read once per content token (like the site's chrome)."""
    key = (home.pk, site.pk if site else None, latest, get_language())
    return _home_contents.get(key, lambda: _read_home_contents(home, site, latest))


def _read_home_contents(home: Page, site: Site | None, latest: int) -> HomeContents:
    sections = home.get_children().live().public().in_menu().only("title", "url_path", "path")
    index = AnnouncementIndexPage.objects.child_of(home).live().public().first()
    announcements = index.announcements().only("title", "url_path", "path", "date") if index else []
    return HomeContents(
        sections=tuple(_link(page, site) for page in sections),
        announcement_index=_link(index, site) if index else None,
        latest_announcements=tuple(
            AnnouncementLink(page.title, page.get_url(current_site=site) or "", page.date)
            for page in announcements[:latest]
        ),
    )


@dataclass(frozen=True)
class SearchResult:
    page: Page
    type_label: str
    title: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    results: list[SearchResult] = field(default_factory=list)
    page: PaginatorPage | None = None
    count: int = 0
    capped: bool = False


def page_search(*, query: str, page_number: int | str = 1, per_page: int = 20) -> SearchResults:
    """The live, public pages containing every term of ``query``: pages whose title contains
    them first, then by relevance; one page of ``per_page`` results with highlighted snippets."""
    built = search_query(query)
    if built is None:
        return SearchResults()
    found = list(Page.objects.live().public().search(built)[: SEARCH_CANDIDATES + 1])
    capped = len(found) > SEARCH_CANDIDATES
    terms = query_terms(query)
    ranked = sorted(found[:SEARCH_CANDIDATES], key=lambda p: not contains_all(p.title, terms))
    shown = Paginator(ranked, per_page).get_page(page_number)
    specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in shown]).specific()}
    pattern = term_pattern(terms)
    results = [_result(specific[p.pk], pattern) for p in shown if p.pk in specific]
    return SearchResults(results=results, page=shown, count=len(ranked), capped=capped)


def _result(page: Page, pattern) -> SearchResult:
    texts = page.searchable_texts() if hasattr(page, "searchable_texts") else []
    texts = [*texts] or [page.search_description]
    return SearchResult(
        page=page,
        type_label=type_label(page),
        title=highlight(page.title, pattern),
        snippet=snippet(texts, pattern),
    )


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str


def search_suggestions() -> list[Suggestion]:
    """Where to look when nothing was found: the pages of the types that ask to be suggested
    (e.g. the occupations index) and the plugins' links marked for it (e.g. 资格自测)."""
    suggestions = []
    for model in get_page_models():
        if model._meta.abstract or not getattr(model, "suggested_when_nothing_found", False):
            continue
        for page in model.objects.live().public().only("title", "url_path")[:1]:
            if url := page.get_url():
                suggestions.append(Suggestion(page.title, url))
    suggestions += [
        Suggestion(link.label, link.url) for link in plugins.site_links(suggested_in_search=True)
    ]
    return suggestions
