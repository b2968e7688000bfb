"""What every public page shows around its content (hostsite.selectors.site_chrome): the main
menu, the school's name and contact details, the plugins' links. Read once per content token,
so these tags cost no query."""

from django import template
from hostsite.plugins import ResolvedSiteLink
from hostsite.selectors import SiteChrome
from hostsite.selectors import site_chrome as read_site_chrome
from wagtail.models import Site

register = template.Library()


def chrome_for(context) -> SiteChrome:
    request = context.get("request")
    return read_site_chrome(site=Site.find_for_request(request) if request else None)


@register.simple_tag(takes_context=True)
def site_chrome(context) -> SiteChrome:
    """``{% site_chrome as chrome %}``: chrome.contact (联系方式), chrome.menu, chrome.links."""
    return chrome_for(context)


@register.inclusion_tag("includes/nav.html", takes_context=True)
def main_menu(context):
    chrome = chrome_for(context)
    return {
        "menu": chrome.menu,
        "links": chrome.links,
        "home": chrome.home,
        "current": context.get("page"),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def plugin_links(context) -> tuple[ResolvedSiteLink, ...]:
    """The plugins' public links (报名, 报名查询 …) for the home page."""
    return chrome_for(context).links
