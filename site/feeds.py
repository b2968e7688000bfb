"""通知公告 as RSS 2.0 and Atom feeds: the 20 newest live, public announcements."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from hostsite.models import AnnouncementIndexPage, AnnouncementPage
from wagtail.models import Site

FEED_ITEMS = 20


class AnnouncementsFeed(Feed):
    def get_object(self, request, *args, **kwargs) -> AnnouncementIndexPage:
        site = Site.find_for_request(request)
        index = None
        if site is not None:
            index = (
                AnnouncementIndexPage.objects.descendant_of(site.root_page).live().public().first()
            )
        if index is None:
            raise Http404(_("本站没有通知公告栏目。"))
        self.site_name = site.site_name
        return index

    def title(self, index: AnnouncementIndexPage) -> str:
        return f"{index.title} - {self.site_name}" if self.site_name else index.title

    def link(self, index: AnnouncementIndexPage) -> str:
        return index.url

    def description(self, index: AnnouncementIndexPage) -> str:
        return index.introduction or index.title

    def items(self, index: AnnouncementIndexPage):
        return index.announcements()[:FEED_ITEMS]

    def item_title(self, item: AnnouncementPage) -> str:
        return item.title

    def item_description(self, item: AnnouncementPage) -> str:
        return item.description

    def item_link(self, item: AnnouncementPage) -> str:
        return item.url

    def item_pubdate(self, item: AnnouncementPage) -> datetime:
        return timezone.make_aware(datetime.combine(item.date, time(8)))

    def item_updateddate(self, item: AnnouncementPage) -> datetime | None:
        return item.last_published_at


class AnnouncementsAtomFeed(AnnouncementsFeed):
    feed_type = Atom1Feed

    def subtitle(self, index: AnnouncementIndexPage) -> str:
        return self.description(index)
