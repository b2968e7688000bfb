"""The statistics dashboard (admin 统计): charts drawn as SVG on the server by pygal (no
JavaScript, nothing from a CDN), each also as CSV; filters by registration batch and
occupation. Needs ``assessments.view_statistics``."""

from __future__ import annotations

import csv

import pygal
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from pygal.style import Style

from assessments.selectors import statistics
from forms_app.formulas import neutralise
from forms_app.models import ExamPeriod

PERMISSION = "assessments.view_statistics"
STYLE = Style(
    font_family="'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    background="white",
    plot_background="white",
    colors=("#0b5394", "#38761d", "#b45f06", "#741b47", "#45818e", "#999999"),
)
KINDS = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "line": pygal.Line}


class FilterForm(forms.Form):
    period = forms.ModelChoiceField(
        ExamPeriod.objects.all(), required=False, label=_l("报名批次"), empty_label=_l("全部批次")
    )
    occupation = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_l("职业")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from occupations.models import OccupationPage

        self.fields["occupation"].choices = [("", _("全部职业"))] + [
            (page.pk, page.title) for page in OccupationPage.objects.order_by("path")
        ]

    def filters(self) -> statistics.Filters:
        if not self.is_valid():
            return statistics.Filters()
        period = self.cleaned_data.get("period")
        return statistics.Filters(
            exam_period_id=period.pk if period else None,
            occupation_id=self.cleaned_data.get("occupation"),
        )


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def dashboard(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = FilterForm(request.GET or None)
    charts = statistics.charts(form.filters())
    return TemplateResponse(
        request,
        "assessments/statistics/dashboard.html",
        {
            "header_title": _("统计"),
            "form": form,
            "charts": charts,
            "query": request.GET.urlencode(),
        },
    )


def _chart(request: HttpRequest, key: str) -> statistics.Chart:
    _check(request)
    build = statistics.CHARTS.get(key)
    chart = build(FilterForm(request.GET or None).filters()) if build else None
    if chart is None:
        raise Http404
    return chart


def chart_svg(request: HttpRequest, key: str) -> HttpResponse:
    chart = _chart(request, key)
    drawing = KINDS[chart.kind](
        style=STYLE,
        width=900,
        height=420,
        js=[],  # pygal links its tooltip script from the web otherwise
        x_label_rotation=20 if len(chart.labels) > 6 else 0,
        legend_at_bottom=True,
        no_data_text=_("没有数据"),
        print_values=False,
        title=chart.title,
    )
    drawing.x_labels = chart.labels
    for name, values in chart.series.items():
        drawing.add(name, values)
    response = HttpResponse(drawing.render(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def chart_csv(request: HttpRequest, key: str) -> HttpResponse:
    chart = _chart(request, key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{key}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # Excel reads UTF-8 with the BOM
    writer = csv.writer(response)
    for row in chart.rows():
        writer.writerow([neutralise(str(value)) for value in row])
    return response
