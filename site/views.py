import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from hostsite import plugins
from hostsite.health import check_health
from hostsite.models import Job
from hostsite.selectors import page_search, search_suggestions
from hostsite.services import JobNotRetriable, job_fail_if_stale, job_retry

SEARCH_PAGE_SIZE = 20
DATABASE_RETRY_AFTER = 10  # seconds: a PostgreSQL restart is over well within this


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the database out of reach (restarting, a dropped connection, SQLite busy)
    is not a bug: answer 503 with Retry-After and a plain Chinese page saying nothing was
    stored, so the applicant sends it again; any other error gets the 500 page. Rendered
    without the request's context, as Django's own, since the database may be down."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return defaults.server_error(request)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when every part works; 503 naming the failed parts (e.g. {"failed": ["cache"]})."""
    health = check_health()
    return JsonResponse(health.as_dict(), status=200 if health.ok else 503)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = page_search(
        query=query, page_number=request.GET.get("page", 1), per_page=SEARCH_PAGE_SIZE
    )
    context = {
        "query": query,
        "found": found,
        "results": found.results,
        "suggestions": search_suggestions() if query and not found.results else [],
        "page_title": _("站内搜索"),
    }
    return render(request, "hostsite/search.html", context)


#: Paths no search engine should crawl: the admin, the API's documentation, job progress and
#: site search results; plugins add theirs (PluginConfig.robots_disallow, e.g. applicants' files).
ROBOTS_DISALLOW = ("/admin/", "/api/v1/docs", "/api/v1/openapi.json", "/jobs/", "/search/")


def robots_txt(request: HttpRequest) -> HttpResponse:
    disallow = [*ROBOTS_DISALLOW, *plugins.robots_disallow()]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _own_job(request: HttpRequest, job_id) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@never_cache
@login_required
def job_status(request: HttpRequest, job_id) -> JsonResponse:
    job = _own_job(request, job_id)
    job_fail_if_stale(job=job)  # a worker killed mid-job leaves it running: say it failed
    return JsonResponse(
        {
            "retry_url": reverse("job_retry", args=[job.pk]) if job.retriable else "",
            "id": str(job.pk),
            "label": job.label,
            "status": job.status,
            "status_display": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "result_url": job.result_url,
        }
    )


@require_POST
@login_required
def job_retry_view(request: HttpRequest, job_id) -> HttpResponse:
    """Run a failed job again, then go back to the page that follows it (``next``)."""
    job = _own_job(request, job_id)
    try:
        job_retry(job=job)
    except JobNotRetriable as error:
        return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("job_status", args=[job.pk])
    return redirect(target)
