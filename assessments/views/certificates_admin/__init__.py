"""Staff screens of certificates (admin 证书管理): plans ready for certificates (issue, print as a
background job, export XLSX), the certificate list, one certificate's history with revoke and
reissue, and the issuers' number settings. Every view needs ``assessments.issue_certificate``
(group 证书管理); state changes are POST with CSRF and go through the services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from assessments.choices import CertificateStatus
from assessments.models import Certificate, ExamPlan
from assessments.services import certificates as services
from assessments.services.certificates import export, issuing, printing
from assessments.services.certificates.errors import CertificateRefused

PERMISSION = "assessments.issue_certificate"


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _render(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    return TemplateResponse(
        request, f"assessments/certificates/admin/{template}", context, status=status
    )


def certificate_list(request: HttpRequest) -> HttpResponse:
    _check(request)
    query = request.GET.get("q", "").strip()[:40]
    status = request.GET.get("status", "")
    certificates = Certificate.objects.numbered().select_related("issuer")
    if query:
        certificates = certificates.filter(Q(number__icontains=query) | Q(name__icontains=query))
    if status in CertificateStatus.values:
        certificates = certificates.filter(status=status)
    page = Paginator(certificates.order_by("-issued_on", "number"), 50).get_page(
        request.GET.get("p")
    )
    return _render(
        request,
        "list.html",
        {
            "header_title": _("证书"),
            "page_obj": page,
            "query": query,
            "status": status,
            "statuses": CertificateStatus.choices,
        },
    )


def plan_list(request: HttpRequest) -> HttpResponse:
    _check(request)
    plans = (
        ExamPlan.objects.select_related("occupation", "exam_period")
        .annotate(
            issued=Count(
                "candidates__certificates", filter=Q(candidates__certificates__status="valid")
            )
        )
        .order_by("-created_at")[:200]
    )
    return _render(request, "plans.html", {"header_title": _("按考试计划颁发证书"), "plans": plans})


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    _check(request)
    plan = get_object_or_404(ExamPlan.objects.select_related("occupation"), pk=plan_id)
    status = 200
    if request.method == "POST":
        try:
            issued = issuing.certificates_issue_for_plan(
                plan=plan, actor=request.user, request=request
            )
        except CertificateRefused as refused:
            messages.error(request, refused.message)
            status = refused.status
        else:
            messages.success(request, _("已颁发 %(count)s 张证书。") % {"count": len(issued)})
            return redirect("assessments_certificates_plan", plan_id=plan.pk)
    certificates = Certificate.objects.numbered().filter(candidate__plan=plan).order_by("number")
    context = {
        "header_title": _("证书：%(plan)s") % {"plan": plan},
        "plan": plan,
        "blockers": issuing.plan_blockers(plan),
        "passed": issuing.passed_candidates(plan).count(),
        "certificates": certificates,
    }
    return _render(request, "plan.html", context, status=status)


def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    certificate = get_object_or_404(
        Certificate.objects.numbered().select_related("issuer", "replaces"), pk=pk
    )
    return _render(
        request,
        "detail.html",
        {
            "header_title": _("证书 %(number)s") % {"number": certificate.number},
            "certificate": certificate,
            "events": certificate.events.select_related("actor"),
            "replaced_by": Certificate.objects.numbered().filter(replaces=certificate).first(),
        },
    )


@require_POST
def certificate_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Revoke (``revoke``) or reissue (``reissue``, optionally with a corrected name)."""
    _check(request)
    certificate = get_object_or_404(Certificate.objects.numbered(), pk=pk)
    reason = request.POST.get("reason", "")[:500]
    try:
        if action == "revoke":
            services.certificate_revoke(
                certificate=certificate, reason=reason, actor=request.user, request=request
            )
            messages.success(request, _("证书已撤销，编号不再使用。"))
            target = certificate
        elif action == "reissue":
            name = request.POST.get("name", "").strip()[:30]
            holder = None
            if name and name != certificate.name:
                holder = services.Holder(
                    name=name,
                    occupation_title=certificate.occupation_title,
                    occupation_code=certificate.occupation_code,
                    specialty=certificate.specialty,
                    level=certificate.level,
                    application_id=certificate.application_id,
                    candidate_id=certificate.candidate_id,
                )
            target = services.certificate_reissue(
                certificate=certificate,
                reason=reason,
                holder=holder,
                actor=request.user,
                request=request,
            )
            messages.success(
                request, _("已补发，新证书编号 %(number)s。") % {"number": target.number}
            )
        else:
            raise PermissionDenied
    except CertificateRefused as refused:
        messages.error(request, refused.message)
        response = certificate_detail(request, certificate.pk)
        response.status_code = refused.status
        return response
    return redirect("assessments_certificate", pk=target.pk)


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    certificate = get_object_or_404(
        Certificate.objects.numbered().select_related("issuer", "application"), pk=pk
    )
    content = printing.certificates_print(
        certificates=[certificate], actor=request.user, request=request
    )
    return _pdf_response(content, f"certificate-{certificate.number}.pdf")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def plan_export(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan's certificates as XLSX; full ID numbers only for who may see personal data."""
    _check(request)
    plan = get_object_or_404(ExamPlan, pk=plan_id)
    full = request.GET.get("full") == "1" and request.user.has_perm("forms_app.view_personal_data")
    content = export.certificates_xlsx(
        certificates=Certificate.objects.filter(candidate__plan=plan),
        full_id_numbers=full,
        actor=request.user,
        request=request,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="certificates-{plan.code}-{stamp}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def plan_print(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Start the plan's batch PDF as a background job; its page shows the progress."""
    _check(request)
    from assessments.services.certificates import tasks

    plan = get_object_or_404(ExamPlan, pk=plan_id)
    if not Certificate.objects.numbered().filter(candidate__plan=plan, status="valid").exists():
        messages.error(request, _("本计划还没有有效证书可打印。"))
        return redirect("assessments_certificates_plan", plan_id=plan.pk)
    job = tasks.print_plan_later(plan=plan, user=request.user)
    return redirect("assessments_certificates_job", job_id=job.pk)


def job_page(request: HttpRequest, job_id) -> HttpResponse:
    _check(request)
    from hostsite.models import Job

    job = get_object_or_404(Job, pk=job_id, owner=request.user)
    return _render(request, "job.html", {"header_title": job.label, "job": job})


def job_download(request: HttpRequest, job_id) -> HttpResponse:
    _check(request)
    from hostsite.models import Job

    from assessments.services.certificates import tasks

    job = get_object_or_404(Job, pk=job_id, owner=request.user, status="succeeded")
    handle = tasks.open_batch(job_id=str(job.pk))
    if handle is None:
        return _render(
            request,
            "job.html",
            {"header_title": job.label, "job": job, "missing": True},
            status=404,
        )
    response = FileResponse(handle, as_attachment=True, filename=f"certificates-{job.pk}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def plan_url(plan) -> str:
    return reverse("assessments_certificates_plan", kwargs={"plan_id": plan.pk})
