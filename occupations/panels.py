"""The "条件核对" tab of the occupation editor: every condition's published text beside the
sentence its clauses mean, with the content checks' findings, so disagreements show at once."""

from wagtail.admin.panels import Panel


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
            context["specialties"] = [
                {
                    "name": specialty.display_name,
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
                                }
                                for c in level.conditions
                            ],
                        }
                        for level in specialty_levels(specialty)
                    ],
                }
                for specialty in page.specialties.all()
            ]
            context["finding_count"] = len(findings)
            return context
