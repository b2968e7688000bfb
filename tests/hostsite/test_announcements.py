"""通知公告: the index, announcement pages, the latest five on the home page, the feeds; and
the home page's order (touch targets, introduction, announcements)."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from hostsite.models import AnnouncementIndexPage

from tests.hostsite.factories import announcement_index, document, publish_announcement
from tests.hostsite.visible_text import element_text

ATOM = "{http://www.w3.org/2005/Atom}"


def publish_days(count: int, *, start: date = date(2026, 3, 1)):
    """``count`` announcements dated one day apart, oldest first."""
    return [
        publish_announcement(
            title=f"第{n + 1}号通知", date=start + timedelta(days=n), summary=f"摘要{n + 1}"
        )
        for n in range(count)
    ]


def test_the_loader_creates_the_index_once(loaded_site):
    assert AnnouncementIndexPage.objects.count() == 1
    index = announcement_index()
    assert (index.title, index.live, index.show_in_menus) == ("通知公告", True, True)
    call_command("load_school_content", stdout=open("/dev/null", "w"))
    assert AnnouncementIndexPage.objects.count() == 1


def test_the_index_lists_the_newest_first_ten_to_a_page(client, loaded_site):
    publish_days(12)
    index = announcement_index()
    first = client.get(index.url).content.decode()
    titles = re.findall(r'<a href="[^"]+">(第\d+号通知)</a>', first)
    assert titles == [f"第{n}号通知" for n in range(12, 2, -1)]
    second = client.get(index.url, {"page": 2}).content.decode()
    assert re.findall(r'<a href="[^"]+">(第\d+号通知)</a>', second) == ["第2号通知", "第1号通知"]
    assert "2026-03-12" in first and "摘要12" in first


def test_an_announcement_shows_its_date_summary_body_attachments_and_form(client, loaded_site):
    from wagtail.models import Page

    form_page = Page.objects.live().get(slug="about")
    pdf = document("考试安排表", "schedule.pdf", b"%PDF-1.4\n%%EOF\n")
    xlsx = document("考生名单", "list.xlsx", b"PK\x03\x04 not really a workbook")
    page = publish_announcement(
        title="2026年第一批认定考试安排",
        date=date(2026, 4, 2),
        summary="第一批认定考试将于四月中旬举行。",
        body="请考生按附件中的时间和地点参加考试。",
        attachments=[("考试安排（PDF）", pdf), ("", xlsx)],
        related_page=form_page,
    )
    html = client.get(page.url).content.decode()
    text = element_text(html, inside="main")
    assert "2026年第一批认定考试安排" in text and "2026年4月2日" in text
    assert "第一批认定考试将于四月中旬举行。" in text
    assert "请考生按附件中的时间和地点参加考试。" in text
    assert f'href="{pdf.url}"' in html and "考试安排（PDF）" in text
    assert f'href="{xlsx.url}"' in html and "考生名单" in text and "XLSX" in text
    assert f'href="{form_page.url}"' in html and "前往：学校简介" in text


def test_an_announcement_without_extras_shows_none_of_their_headings(client, loaded_site):
    page = publish_announcement(title="简短通知", body="明天停电。")
    text = element_text(client.get(page.url).content.decode(), inside="main")
    assert "附件" not in text and "前往" not in text


def test_the_home_page_shows_the_latest_five_with_dates(client, loaded_site):
    publish_days(7)
    html = client.get("/").content.decode()
    section = re.search(r'<section class="latest-announcements".*?</section>', html, re.S).group(0)
    assert re.findall(r">(第\d+号通知)</a>", section) == [f"第{n}号通知" for n in (7, 6, 5, 4, 3)]
    assert "2026-03-07" in section
    assert f'href="{announcement_index().url}"' in section


@pytest.mark.plugins("occupations")  # the touch targets are the plugins' site links
def test_the_home_page_leads_with_the_touch_targets_then_introduction_then_notices(client, home):
    html = client.get("/").content.decode()
    main = html[html.index("<main") :]
    targets = main.index('class="entry-links"')
    introduction = main.index(home.introduction)
    notices = main.index('class="latest-announcements"')
    assert targets < introduction < notices


def test_an_empty_index_says_there_is_nothing_yet(client, loaded_site):
    html = client.get(announcement_index().url).content.decode()
    assert "暂无通知。" in element_text(html, inside="main")


@pytest.mark.parametrize("path", ["/feeds/announcements.rss", "/feeds/announcements.atom"])
def test_the_feeds_are_well_formed_and_newest_first(client, loaded_site, path):
    publish_days(3)
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if root.tag == "rss":
        items = root.findall("./channel/item")
        titles = [item.findtext("title") for item in items]
        links = [item.findtext("link") for item in items]
        assert root.findtext("./channel/title").startswith("通知公告")
        assert all(item.findtext("pubDate") for item in items)
    else:
        assert root.tag == f"{ATOM}feed"
        items = root.findall(f"{ATOM}entry")
        titles = [item.findtext(f"{ATOM}title") for item in items]
        links = [item.find(f"{ATOM}link").get("href") for item in items]
        assert all(item.findtext(f"{ATOM}updated") for item in items)
    assert titles == ["第3号通知", "第2号通知", "第1号通知"]
    assert all(link.startswith("http://") and "/notices/" in link for link in links)


def test_the_pages_name_their_feeds(client, loaded_site):
    for path in ("/", announcement_index().url):
        html = client.get(path).content.decode()
        assert 'type="application/rss+xml"' in html and 'href="/feeds/announcements.rss"' in html
