"""Found from outside: sitemap.xml, robots.txt, descriptions and share cards (Open Graph)."""

import re
import xml.etree.ElementTree as ET
from html import unescape

from hostsite.models import ContactSettings, StandardPage
from wagtail.models import Page, PageViewRestriction

from tests.hostsite.factories import publish_announcement

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(html: str) -> dict[str, str]:
    """The page's <meta property|name=… content=…> tags."""
    pairs = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)
    return {key: unescape(value) for key, value in pairs}


def test_the_sitemap_lists_every_live_public_page(client, loaded_site):
    hidden = StandardPage.objects.get(slug="about")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    notice = publish_announcement(title="上线通知", body="网站上线。")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    expected = [
        page.full_url
        for page in Page.objects.live().public().filter(depth__gt=1).specific()
        if page.full_url
    ]
    assert sorted(locations) == sorted(expected)
    assert notice.full_url in locations and hidden.full_url not in locations
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url"))


def test_robots_txt_keeps_crawlers_out_of_the_admin_files_and_api_docs(client, loaded_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert {"/admin/", "/api/v1/docs"} <= disallowed
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_a_page_shares_the_school_name_its_title_description_and_an_image(client, loaded_site):
    notice = publish_announcement(
        title="第二批报名开始", summary="第二批认定报名从今天开始，持续两周。", body="详见正文。"
    )
    html = client.get(notice.url).content.decode()
    tags = meta(html)
    assert tags["og:site_name"] == "锡林郭勒盟振达职业培训学校"
    assert tags["og:title"] == "第二批报名开始"
    assert tags["og:description"] == tags["description"] == "第二批认定报名从今天开始，持续两周。"
    assert tags["og:url"] == notice.full_url
    assert tags["og:image"].startswith("http://") and tags["og:image"].endswith(".png")
    assert f'<link rel="canonical" href="{notice.full_url}">' in html
    image = client.get(tags["og:image"].removeprefix("http://testserver"))
    assert image.status_code == 200


def test_the_promote_fields_win_over_the_page_text(client, loaded_site):
    page = StandardPage.objects.get(slug="about")
    page.seo_title = "振达学校简介（分享标题）"
    page.search_description = "编辑在推广栏填写的描述。"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    tags = meta(html)
    assert tags["og:title"] == "振达学校简介（分享标题）"
    assert tags["description"] == "编辑在推广栏填写的描述。"
    assert "<title>振达学校简介（分享标题）" in html


def test_the_home_page_describes_itself_by_its_introduction(client, home):
    tags = meta(client.get("/").content.decode())
    assert tags["og:type"] == "website"
    assert tags["description"] and home.introduction.startswith(tags["description"].rstrip("…"))


def test_the_school_chooses_the_share_image(client, loaded_site):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    Image.new("RGB", (800, 800), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(title="校徽", file=ImageFile(buffer, name="badge.png"))
    setting = ContactSettings.for_site(loaded_site)
    setting.share_image = image
    setting.save()
    tags = meta(client.get("/").content.decode())
    assert "badge" in tags["og:image"] and "fill-600x600" in tags["og:image"]


def test_a_new_file_for_the_share_image_shows_on_the_next_page(client, loaded_site):
    """The share card's image is kept with the site's menu and footer until content changes:
    a new file for the chosen image is such a change."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    def png(name: str) -> ImageFile:
        buffer = io.BytesIO()
        Image.new("RGB", (800, 800), "red").save(buffer, "PNG")
        return ImageFile(buffer, name=name)

    image = get_image_model().objects.create(title="校徽", file=png("badge.png"))
    setting = ContactSettings.for_site(loaded_site)
    setting.share_image = image
    setting.save()
    assert "badge" in meta(client.get("/").content.decode())["og:image"]

    image.file = png("new-badge.png")
    image.save()
    image.renditions.all().delete()  # as Wagtail's image editor does for a new file

    assert "new-badge" in meta(client.get("/").content.decode())["og:image"]
