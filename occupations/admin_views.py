from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from occupations.content_checks import check_all


@permission_required("wagtailadmin.access_admin")
def requirements_report(request):
    """内容检查: the content checks of every live occupation, grouped by occupation."""
    findings = check_all()
    grouped: dict[str, list] = {}
    for finding in findings:
        grouped.setdefault(finding.occupation, []).append(finding)
    return render(
        request,
        "occupations/admin/requirements_report.html",
        {"grouped": grouped, "count": len(findings), "header_title": _("报名条件内容检查")},
    )
