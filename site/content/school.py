"""Load the school's pages, site name and contact details from school_pages.yaml.

Text is taken from the brochure (brochure.zh-Hant.txt, as the school sent it, in Traditional
characters) by line number, converted to Simplified Chinese with OpenCC and repaired as the
seeds README lists. The YAML file gives the structure: page titles, slugs and block types.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from hostsite import plugins
from hostsite.content.sync import SyncReport, sync_page
from hostsite.models import AnnouncementIndexPage, ContactSettings, HomePage, StandardPage
from hostsite.models.settings import ContactPerson
from opencc import OpenCC
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

CONTENT_DIR = Path(__file__).resolve().parent
BROCHURE = CONTENT_DIR / "brochure.zh-Hant.txt"
PAGES_FILE = CONTENT_DIR / "school_pages.yaml"

# Damaged passages of the brochure and what they say (see the seeds README), in Simplified.
REPAIRS = {
    "大学??萍耙陨袭厴I证书": "大学专科及以上毕业证书",
    "大学??萍耙?,上毕业证书": "大学专科及以上毕业证书",
    "大学??萍耙陨蠈W历证书": "大学专科及以上学历证书",
}
LIST_NUMBER = re.compile(r"^\s*[（(]\d+[)）]\s*")


@cache
def brochure_lines() -> tuple[str, ...]:
    """The brochure in Simplified Chinese, repaired; index 0 is line 1."""
    converter = OpenCC("t2s")
    lines = []
    for raw in BROCHURE.read_text(encoding="utf-8").splitlines():
        text = converter.convert(raw)
        for damaged, intended in REPAIRS.items():
            text = text.replace(damaged, intended)
        lines.append(text.strip())
    return tuple(lines)


def line(number: int) -> str:
    return brochure_lines()[number - 1]


def load_data() -> dict[str, Any]:
    return yaml.safe_load(PAGES_FILE.read_text(encoding="utf-8"))


def _block(item: dict[str, Any]) -> dict[str, Any]:
    kind = item["type"]
    if kind == "paragraph":
        return {"type": "paragraph", "value": f"<p>{escape(line(item['line']))}</p>"}
    if kind == "heading":
        return {"type": "heading", "value": {"text": item["text"], "size": "h2"}}
    if kind == "list":
        items = [LIST_NUMBER.sub("", line(n)) for n in item["lines"]]
        return {"type": "list", "value": {"ordered": True, "items": items}}
    if kind == "link":
        return {
            "type": "link",
            "value": {
                "title": item["title"],
                "page": None,
                "url": item["url"],
                "description": line(item["line"]),
            },
        }
    raise ValueError(f"Unknown block type {kind!r} in {PAGES_FILE.name}")


def _ensure_root() -> Page:
    """Wagtail's tree root (and default locale): made by its migrations, but gone after a
    database flush (e.g. between transactional tests), so recreate them when missing."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _ensure_home(data: dict[str, Any], *, force: bool, report: SyncReport) -> HomePage:
    root = _ensure_root()
    home_data = data["home"]
    # Wagtail's first migration leaves a placeholder "Welcome" page at /home/: move it aside so
    # the school's home page can take its slug; it is deleted once the site points elsewhere.
    placeholders = [p for p in root.get_children() if p.specific_class is Page]
    for placeholder in placeholders:
        if placeholder.slug == home_data["slug"] and not placeholder.get_children().exists():
            placeholder.slug = f"placeholder-{placeholder.pk}"
            placeholder.save(update_fields=["slug"])
    fields = {
        "title": home_data["title"],
        "introduction": line(home_data["introduction"]["line"]).split("。")[0] + "。",
        "body": [_block(item) for item in home_data["body"]],
    }
    home = sync_page(
        parent=root,
        model=HomePage,
        key="school:home",
        slug=home_data["slug"],
        fields=fields,
        force=force,
        report=report,
    )
    if home is None:
        home = HomePage.objects.child_of(root).first()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk:
        old_root = site.root_page if site.pk else None
        site.root_page = home
        site.hostname = site.hostname or "localhost"
        site.port = site.port or 80
        site.site_name = data["site"]["name"]
        site.save()
        # The placeholder page of Wagtail's first migration goes once the home page replaces it.
        if (
            old_root is not None
            and old_root.specific_class is Page
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    return home


def _ensure_contacts(data: dict[str, Any], site: Site, *, force: bool) -> None:
    contact = data["site"]["contact"]
    setting = ContactSettings.for_site(site)
    if setting.registration_phone and not force:
        return  # set before: the school's own edits win
    setting.organisation_name = contact["organisation_name"]
    setting.registration_phone = contact["registration_phone"]
    setting.address = contact["address"]
    setting.contacts = [ContactPerson(**person) for person in contact["contacts"]]
    setting.save()


@transaction.atomic
def load_school_content(*, force: bool = False) -> SyncReport:
    data = load_data()
    report = SyncReport()
    home = _ensure_home(data, force=force, report=report)
    _ensure_contacts(data, Site.objects.get(root_page=home), force=force)
    for page in data["pages"]:
        sync_page(
            parent=home,
            model=StandardPage,
            key=f"school:{page['slug']}",
            slug=page["slug"],
            fields={
                "title": page["title"],
                "source_section": page["section"],
                "show_in_menus": True,
                "body": [_block(item) for item in page["body"]],
            },
            force=force,
            report=report,
        )
    announcements = data["announcements"]
    sync_page(
        parent=home,
        model=AnnouncementIndexPage,
        key="school:announcements",
        slug=announcements["slug"],
        fields={"title": announcements["title"], "show_in_menus": True},
        force=force,
        report=report,
    )
    for loader in plugins.content_loaders():
        loader(home=home, force=force, report=report)
    return report
