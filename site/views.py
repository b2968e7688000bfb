from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from hostsite.health import check_health
from hostsite.models import Job
from hostsite.selectors import page_search

SEARCH_PAGE_SIZE = 20


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when every part works; 503 naming the failed parts (e.g. {"failed": ["cache"]})."""
    health = check_health()
    return JsonResponse(health.as_dict(), status=200 if health.ok else 503)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = page_search(query=query, limit=SEARCH_PAGE_SIZE) if query else []
    return render(
        request,
        "hostsite/search.html",
        {"query": query, "results": results, "page_title": _("站内搜索")},
    )


@never_cache
@login_required
def job_status(request: HttpRequest, job_id) -> JsonResponse:
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return JsonResponse(
        {
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
