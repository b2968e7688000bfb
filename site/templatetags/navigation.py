from django import template
from hostsite.plugins import site_links
from hostsite.selectors import menu_pages
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/nav.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    return {
        "menu": menu_pages(site=site),
        "links": site_links(),
        "home": site.root_page if site else None,
        "current": current,
        "request": request,
    }


@register.simple_tag
def plugin_links():
    """The plugins' public links (报名, 报名查询 …) for the home page."""
    return site_links()
