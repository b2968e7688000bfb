"""Share cards: the title, description and image a link shows when pasted into WeChat or
another app (Open Graph), and the page's description and canonical address."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.text import Truncator
from hostsite.search import plain_text
from hostsite.templatetags.navigation import chrome_for
from wagtail.models import Page, Site

register = template.Library()

DEFAULT_IMAGE = "hostsite/img/share.png"
DESCRIPTION_LENGTH = 120


def page_description(page: Page) -> str:
    """The editor's description (promote tab), else the page's summary or introduction."""
    for text in (
        page.search_description,
        getattr(page, "summary", ""),
        plain_text(getattr(page, "introduction", "") or ""),
    ):
        if isinstance(text, str) and text.strip():
            return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)
    return ""


@register.inclusion_tag("includes/share_card.html", takes_context=True)
def share_card(context) -> dict:
    request = context.get("request")
    page = context.get("page") if isinstance(context.get("page"), Page) else None
    site = Site.find_for_request(request) if request else None
    contact = chrome_for(context).contact
    site_name = contact.organisation_name or (site.site_name if site else "")
    title = (page.seo_title or page.title) if page else str(context.get("page_title", ""))
    url = page.get_full_url(request) if page else (request.build_absolute_uri() if request else "")
    image = contact.share_image_url or static(DEFAULT_IMAGE)
    return {
        "site_name": site_name,
        "title": title or site_name,
        "description": page_description(page) if page else "",
        "url": url,
        "image": request.build_absolute_uri(image) if request else image,
        "kind": "article" if page and page.depth > 2 else "website",
    }
