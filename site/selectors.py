"""Host reads: what every page shows around its content, the home page and site search."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from hostsite import plugins
from hostsite.models import AnnouncementIndexPage, ContactSettings
from hostsite.search import highlight, query_terms, snippet, term_pattern, type_label
from hostsite.search_index import page_with_total, ranked_matches
from hostsite.versions import Remembered
from wagtail.models import Page, Site, get_page_models

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


def page_search(*, query: str, page_number: int | str = 1, per_page: int = 20) -> SearchResults:
    """The live, public pages containing every term of ``query``: pages whose names contain
    them first, then by relevance; one page of ``per_page`` results with highlighted snippets.

    Ranked, counted and paginated in the database (hostsite.search_index); only the pages shown
    are loaded, in bulk, so the queries do not grow with the number of pages found."""
    terms = query_terms(query)
    if not terms:
        return SearchResults()
    matches = ranked_matches(terms, Page.objects.live().public())
    shown = _one_page(matches, page_number, per_page)
    pattern = term_pattern(terms)
    results = [_result(page, pattern) for page in _specific_pages(list(shown))]
    return SearchResults(results=results, page=shown, count=shown.paginator.count)


def _one_page(matches: QuerySet, page_number: int | str, per_page: int) -> PaginatorPage:
    """Page ``page_number`` of the ranked ``matches`` as Paginator.get_page gives it, with the
    count of all matches from the same query as the page's rows (page_with_total)."""
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows, total = page_with_total(matches, start, start + per_page)
    paginator = Paginator(matches.values_list("page_id", "content_type"), per_page)
    if total is None and start:  # a page past the last: the paginator counts, gives the last
        return paginator.get_page(number)
    paginator.count = total or 0  # what Paginator.count (a cached property) would query
    return PaginatorPage(rows, number, paginator)


def _specific_pages(found: list[tuple[int, int]]) -> list[Page]:
    """The pages of ``found`` (page id, content type id) as their specific types, in that order:
    one query per page type, with the relations its searchable texts read prefetched
    (SearchableTexts.search_prefetch)."""
    ids_by_type = defaultdict(list)
    for page_id, content_type_id in found:
        ids_by_type[content_type_id].append(page_id)
    pages = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose app was removed
            continue
        lookups = getattr(model, "search_prefetch", ())
        pages.update(model.objects.filter(pk__in=ids).prefetch_related(*lookups).in_bulk())
    return [pages[page_id] for page_id, _ in found if page_id in pages]


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
