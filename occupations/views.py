from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from occupations import selectors, services
from occupations.forms import ProfileForm


def _with_apply_links(checks, target, catalogue) -> list[tuple]:
    """(check, URL of the form to apply for that level or None) for every level; a link only
    for levels the person qualifies for or that staff must judge."""
    from occupations.registries import apply_link

    occupation_id = next(
        (page.pk for page, _s in catalogue if page.title == target.occupation), None
    )
    return [
        (
            check,
            apply_link(occupation_id=occupation_id, specialty=target.name, level=check.level.level)
            if occupation_id and (check.verdict.eligible or check.verdict.needs_review)
            else None,
        )
        for check in checks
    ]


@require_http_methods(["GET", "POST"])
def checker(request: HttpRequest) -> HttpResponse:
    """资格自测: the applicant describes themselves; every level of the chosen occupation is
    checked. A plain form POST; works without JavaScript."""
    catalogue = [
        (page, [s for s in page.specialties.all()]) for page in selectors.live_occupations()
    ]
    choices = [
        (f"{page.title}|{s.name}", f"{page.title} · {s.name}" if s.name else page.title)
        for page, specialties in catalogue
        for s in specialties
    ]
    selected = request.POST.get("target") or request.GET.get("target", "")
    if selected.endswith("|") and selected not in {value for value, _label in choices}:
        # A link from an occupation page names the occupation only: preselect its first specialty.
        selected = next((v for v, _label in choices if v.startswith(selected)), selected)
    form = ProfileForm(request.POST if request.method == "POST" else None)
    context = {"choices": choices, "selected": selected, "form": form, "page_title": _("资格自测")}
    status = 200
    if request.method == "POST":
        occupation, _sep, specialty = selected.partition("|")
        if not occupation:
            context["target_error"] = _("请选择要申报的职业/工种。")
            return render(request, "occupations/checker.html", context, status=400)
        try:
            target = services.resolve_specialty(occupation=occupation, specialty=specialty or None)
        except services.RequirementNotFound as error:
            context["target_error"] = error.message
            status = 400
        else:
            if form.is_valid():
                context["target"] = target
                checks = services.eligibility_overview(specialty=target, profile=form.to_profile())
                context["checks"] = checks
                context["results"] = _with_apply_links(checks, target, catalogue)
            else:
                status = 400
    return render(request, "occupations/checker.html", context, status=status)
