"""The plugin mechanism.

The host imports no plugin by name. A plugin is a Django app listed in the ``SITE_PLUGINS``
setting whose AppConfig subclasses :class:`PluginConfig` and declares what it contributes:

- ``requires``: labels of the plugins it builds on; a plugin listed without them stops start-up
  (checked before its models are imported);
- ``urls`` / ``url_prefix``: a URLconf mounted on the public site;
- ``api_router`` / ``api_prefix``: a django-ninja Router added to ``/api/v1/``;
- ``api_routers``: more routers, as ``(prefix, dotted path)`` pairs, for public API paths outside
  the plugin's own prefix (e.g. ``/api/v1/certificates/``);
- ``well_known``: ``(name, dotted path of a view)`` pairs served at ``/.well-known/<name>``
  (RFC 8615), e.g. public keys anyone may fetch whatever host the site runs on;
- ``home_page_types``: page models an editor may create directly under the home page;
- ``site_links``: ``SiteLink(label, url name, description)`` entries shown in the public site's
  main menu and as large buttons at the top of the home page (e.g. 报名, 资格自测, 报名查询);
  ``suggested_in_search=True`` also offers one when a site search finds nothing;
- searchable page types: a page model of any plugin inherits ``hostsite.search.SearchableTexts``
  and names its texts; the host indexes and searches them (Chinese, Traditional, full-width);
- ``robots_disallow``: paths under ``url_prefix`` that robots.txt asks crawlers to leave alone;
- ``content_loader``: the dotted path of a callable
  ``(*, home: HomePage, force: bool, report: hostsite.content.sync.SyncReport) -> None`` that
  ``manage.py load_school_content`` calls after the host's own pages, inside its transaction:
  it creates or updates the plugin's content under ``home`` (usually with
  ``hostsite.content.sync.sync_page``, which records what it did in ``report`` and leaves pages
  an editor changed alone unless ``force``).

A plugin adds its admin menu items, viewsets and other admin wiring in its own
``wagtail_hooks.py`` (Wagtail imports it from every installed app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SiteLink:
    """A public page of a plugin that belongs in the main menu and on the home page."""

    label: str
    url_name: str
    description: str = ""
    order: int = 500
    #: Also offered on the search page when a search finds nothing (e.g. 资格自测).
    suggested_in_search: bool = False


@dataclass(frozen=True)
class ResolvedSiteLink:
    label: str
    url: str
    description: str


class PluginConfig(AppConfig):
    # A plugin's apps.py imports this class, so Django would see two AppConfig candidates there
    # and silently fall back to a plain AppConfig (no `requires` check, no contributions).
    # PluginConfig itself is never an app's default; each subclass is, unless it says otherwise.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    requires: tuple[str, ...] = ()
    urls: str | None = None
    url_prefix: str = ""
    api_router: str | None = None
    api_prefix: str = ""
    api_routers: tuple[tuple[str, str], ...] = ()
    well_known: tuple[tuple[str, str], ...] = ()
    home_page_types: tuple[str, ...] = ()
    site_links: tuple[SiteLink, ...] = ()
    content_loader: str | None = None
    #: Paths under ``url_prefix`` that robots.txt tells search engines not to crawl.
    robots_disallow: tuple[str, ...] = ()

    def import_models(self) -> None:
        # Django imports every app's models before it calls any ready(), and a plugin's models
        # usually import those of the plugins it requires: check here, or a missing plugin shows
        # up as an obscure "Model class … isn't in an application in INSTALLED_APPS".
        self.check_requirements()
        super().import_models()

    def check_requirements(self) -> None:
        missing = [label for label in self.requires if label not in _installed_labels()]
        if missing:
            raise ImproperlyConfigured(
                f"Plugin '{self.label}' requires {', '.join(repr(m) for m in missing)}, "
                f"which {'is' if len(missing) == 1 else 'are'} not enabled. Add "
                f"{' and '.join(missing)} to SITE_PLUGINS before '{self.label}', "
                f"or remove '{self.label}'."
            )


def _installed_labels() -> set[str]:
    return {config.label for config in apps.get_app_configs()}


def installed_plugins() -> Iterator[PluginConfig]:
    for config in apps.get_app_configs():
        if isinstance(config, PluginConfig):
            yield config


def home_page_types() -> list[str]:
    return [model for plugin in installed_plugins() for model in plugin.home_page_types]


def well_known_views() -> list[tuple[str, Callable]]:
    """Every installed plugin's ``/.well-known/`` documents: (name, view)."""
    return [
        (name, import_string(view))
        for plugin in installed_plugins()
        for name, view in plugin.well_known
    ]


def content_loaders() -> list[Callable[..., None]]:
    return [import_string(p.content_loader) for p in installed_plugins() if p.content_loader]


def robots_disallow() -> list[str]:
    """Every installed plugin's paths that search engines should not crawl, from the root."""
    return [
        "/" + (plugin.url_prefix + path).lstrip("/")
        for plugin in installed_plugins()
        for path in plugin.robots_disallow
    ]


def site_links(*, suggested_in_search: bool = False) -> list[ResolvedSiteLink]:
    """Every installed plugin's public links, in their order, with their URLs (only those
    to suggest when a search finds nothing, if asked)."""
    from django.urls import reverse

    links = sorted(
        (
            link
            for plugin in installed_plugins()
            for link in plugin.site_links
            if link.suggested_in_search or not suggested_in_search
        ),
        key=lambda link: link.order,
    )
    return [
        ResolvedSiteLink(str(link.label), reverse(link.url_name), str(link.description))
        for link in links
    ]
