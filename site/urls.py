from django.conf import settings
from django.urls import include, path
from hostsite import plugins, views
from hostsite.api import build_api
from hostsite.feeds import AnnouncementsAtomFeed, AnnouncementsFeed
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

api = build_api()
handler500 = views.server_error

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feeds/announcements.rss", AnnouncementsFeed(), name="announcements_rss"),
    path("feeds/announcements.atom", AnnouncementsAtomFeed(), name="announcements_atom"),
    path("jobs/<uuid:job_id>/", views.job_status, name="job_status"),
    path("jobs/<uuid:job_id>/retry/", views.job_retry_view, name="job_retry"),
]

for name, view in plugins.well_known_views():
    urlpatterns.append(path(f".well-known/{name}", view, name=f"well_known_{name}"))

for plugin in plugins.installed_plugins():
    if plugin.urls:
        urlpatterns.append(path(plugin.url_prefix, include(plugin.urls)))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
