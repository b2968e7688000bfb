"""Privacy (view restrictions) without two queries on every page view.

Wagtail checks every page it serves for view restrictions on the page and its ancestors: two
queries, whose answer on this site is nearly always "none". Pages built on
``ViewRestrictionsMixin`` first ask a cached flag whether any restriction exists at all; only
then do they run Wagtail's own query. A saved restriction sets the flag (in every process
sharing the cache) once it has committed; a deleted one drops it.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

RESTRICTIONS_KEY = "hostsite:any-page-view-restriction"
RESTRICTIONS_SECONDS = 60  # bounds a flag computed while a restriction was being committed


def any_view_restriction() -> bool:
    found = cache.get(RESTRICTIONS_KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        # add, not set: an answer read before a new restriction committed must not replace
        # the True its commit has written meanwhile.
        cache.add(RESTRICTIONS_KEY, found, timeout=RESTRICTIONS_SECONDS)
    return found


class ViewRestrictionsMixin:
    """For Page subclasses: the same answer as Wagtail's get_view_restrictions, usually without
    a query (an empty queryset still supports order_by, exists, iteration)."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


@receiver(post_save, sender=PageViewRestriction)
def view_restriction_saved(sender, **kwargs) -> None:
    cache.delete(RESTRICTIONS_KEY)  # now, for this transaction's own requests
    # Once others can see it: "there are restrictions", written over any older answer.
    transaction.on_commit(
        lambda: cache.set(RESTRICTIONS_KEY, True, timeout=RESTRICTIONS_SECONDS)
    )


@receiver(post_delete, sender=PageViewRestriction)
def view_restriction_deleted(sender, **kwargs) -> None:
    cache.delete(RESTRICTIONS_KEY)
    transaction.on_commit(lambda: cache.delete(RESTRICTIONS_KEY))  # an old True only costs time
