"""The occupation editor's tabs, with "条件核对": every condition's published text beside the
sentence its clauses mean, with the content checks' findings, so disagreements show at once.

The admin layer sits above the models: ``OccupationsConfig.ready`` sets the page's
``edit_handler`` from here, so models.py imports neither this module nor the content checks.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel, TabbedInterface
from wagtail.models import Page


class RequirementsReviewPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "occupations/admin/requirements_review_panel.html"

        def get_context_data(self, parent_context=None):
            from occupations.content_checks import check_occupation
            from occupations.eligibility import describe_condition
            from occupations.selectors import live_occupations, specialty_levels

            context = super().get_context_data(parent_context)
            page = self.instance
            findings = check_occupation(
                page, catalogue=[p for p in live_occupations() if p.pk != page.pk] + [page]
            )
            by_condition = {}
            for finding in findings:
                key = (finding.specialty, finding.level, finding.number)
                by_condition.setdefault(key, []).append(finding.message)
            urls = _EditorUrls(page.pk)
            context["paste_url"] = urls.paste(0)
            context["specialties"] = [
                {
                    "name": specialty.display_name,
                    "paste_url": urls.paste(index),
                    "levels": [
                        {
                            "title": level.title,
                            "findings": by_condition.get((specialty.name, level.level, None), []),
                            "conditions": [
                                {
                                    "number": c.number,
                                    "text": c.text,
                                    "meaning": describe_condition(c.alternatives),
                                    "findings": by_condition.get(
                                        (specialty.name, level.level, c.number), []
                                    ),
                                    "rederive_url": urls.rederive(index, level.level, c.number),
                                }
                                for c in level.conditions
                            ],
                        }
                        for level in specialty_levels(specialty)
                    ],
                }
                for index, specialty in enumerate(page.specialties.all())
            ]
            context["finding_count"] = len(findings)
            return context


class _EditorUrls:
    """Links to the "粘贴申报条件" and "按文字重新识别条款" screens; none for a page not yet
    saved (the screens edit a saved page's draft)."""

    def __init__(self, page_id):
        self.page_id = page_id

    def paste(self, specialty: int) -> str:
        if not self.page_id:
            return ""
        url = reverse("occupations_conditions_paste", args=[self.page_id])
        return f"{url}?{urlencode({'specialty': specialty})}"

    def rederive(self, specialty: int, level: int, number: int) -> str:
        if not self.page_id:
            return ""
        url = reverse("occupations_condition_rederive", args=[self.page_id])
        query = urlencode({"specialty": specialty, "level": level, "number": number})
        return f"{url}?{query}"


def occupation_edit_handler(page_class) -> TabbedInterface:
    """内容 / 条件核对 / 推广 / 设置, from the page class's own panel lists."""
    return TabbedInterface(
        [
            ObjectList(page_class.content_panels, heading=_("内容")),
            ObjectList([RequirementsReviewPanel(heading=_("条件核对"))], heading=_("条件核对")),
            ObjectList(page_class.promote_panels, heading=_("推广")),
            ObjectList(Page.settings_panels, heading=_("设置")),
        ]
    )
