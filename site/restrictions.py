"""Privacy (view restrictions) without two queries on every page view.

Wagtail checks every page it serves for view restrictions on the page and its ancestors: two
queries, whose answer on this site is nearly always "none". Pages built on
``ViewRestrictionsMixin`` first ask a remembered flag whether any restriction exists at all; only
then do they run Wagtail's own query. Each process keeps the flag until a restriction is
saved or deleted anywhere (hostsite.signals, hostsite.versions).
"""

from __future__ import annotations

from hostsite.versions import Remembered
from wagtail.models import PageViewRestriction

_flag = Remembered(limit=1)


def any_view_restriction() -> bool:
    return _flag.get("any", PageViewRestriction.objects.exists)


class ViewRestrictionsMixin:
    """For Page subclasses: the same answer as Wagtail's get_view_restrictions, usually without
    a query (an empty queryset still supports order_by, exists, iteration)."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
