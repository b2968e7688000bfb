"""Idempotent loading of pages from versioned data files.

The loader owns a page until an editor changes it. For every page it writes it keeps a
fingerprint of what it wrote (hostsite.ContentFingerprint). On the next run:

- the page is missing → create and publish it;
- the page still matches the fingerprint and the data file says the same → nothing happens;
- the page still matches the fingerprint and the data file changed → update and publish;
- the page differs from the fingerprint (an editor changed it), or the page was not created by
  the loader → leave it alone, unless ``force`` is given.

Plugins use the same helpers for their own pages.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from hostsite.models.content import ContentFingerprint
from wagtail.blocks import StreamValue
from wagtail.models import Page


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by an editor, left alone

    def lines(self) -> Iterable[str]:
        yield (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, kept editor changes {len(self.kept)}"
        )
        for title in self.kept:
            yield f"  kept (edited since loading; use --force to overwrite): {title}"


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _normalise(value: Any) -> Any:
    if hasattr(value, "all") and hasattr(value, "model"):  # child objects of a ClusterableModel
        return [
            {
                f.name: _normalise(getattr(child, f.name))
                for f in child._meta.concrete_fields
                if not f.primary_key and not f.is_relation and f.name != "sort_order"
            }
            for child in value.all()
        ]
    if isinstance(value, StreamValue):
        return _strip_ids(value.get_prep_value())
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def fingerprint(instance: Any, names: Iterable[str]) -> str:
    data = {name: _normalise(getattr(instance, name)) for name in sorted(names)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def sync_page(
    *,
    parent: Page,
    model: type[Page],
    key: str,
    slug: str,
    fields: Mapping[str, Any],
    force: bool,
    report: SyncReport,
) -> Page | None:
    """Create or update the child of ``parent`` called ``slug`` so it holds ``fields``."""
    names = ["title", *fields.keys()] if "title" not in fields else list(fields.keys())
    wanted = fingerprint(model(slug=slug, **fields), names)
    page = model.objects.child_of(parent).filter(slug=slug).first()
    stored = ContentFingerprint.objects.filter(key=key).first()

    if page is None and stored is not None and not force:
        report.kept.append(f"{fields.get('title', slug)} (deleted by an editor)")
        return None
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(page.title)
    else:
        current = fingerprint(page, names)
        edited = page.has_unpublished_changes or stored is None or stored.digest != current
        if current == wanted and not page.has_unpublished_changes:
            report.unchanged.append(page.title)
        elif edited and not force:
            report.kept.append(page.title)
            return page
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            page.save_revision().publish()
            page.refresh_from_db()
            report.updated.append(page.title)
    ContentFingerprint.objects.update_or_create(
        key=key, defaults={"digest": fingerprint(page, names)}
    )
    return page
