"""Score components (考核科目) and pass rules (合格规则): two registries.

A score component says what is scored (its maximum) and for which plans it is required; its
key is a ``ComponentKind`` value, the component a plan schedules. A pass rule judges one
candidate's scores and says why; its name and label are stored with every result, so a result
keeps the rule it was judged by even when the plan later uses another.

    @register_pass_rule("skills-70", _("技能 ≥ 70，其余 ≥ 60"))
    def skills_70(plan, scores):
        ...
        return Verdict(passed, reasons)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.choices import REVIEW_LEVELS, ComponentKind, ScoreMark

#: The share of a component's maximum that passes it (60 of 100), as the national rules set it
#: for each component; the default pass rule asks it of every component, and the statistics'
#: pass rate per component counts it.
PASS_PERCENT = Decimal(60)


@dataclass(frozen=True)
class ScoreComponent:
    key: str
    label: str
    max_score: Decimal = Decimal(100)
    required: Callable[[object], bool] = lambda plan: True

    def applies_to(self, plan) -> bool:
        return self.required(plan)

    @property
    def pass_score(self) -> Decimal:
        """The least score that passes this component on its own."""
        return PASS_PERCENT * self.max_score / 100


#: key → ScoreComponent, in the order the grid shows them
SCORE_COMPONENTS: dict[str, ScoreComponent] = {}


def register_score_component(component: ScoreComponent) -> ScoreComponent:
    SCORE_COMPONENTS[component.key] = component
    return component


def plan_components(plan) -> list[ScoreComponent]:
    """The components scored for ``plan`` (theory and skills; review for 二级/一级)."""
    return [c for c in SCORE_COMPONENTS.values() if c.applies_to(plan)]


register_score_component(ScoreComponent(ComponentKind.THEORY, ComponentKind.THEORY.label))
register_score_component(ScoreComponent(ComponentKind.SKILLS, ComponentKind.SKILLS.label))
register_score_component(
    ScoreComponent(
        ComponentKind.REVIEW,
        ComponentKind.REVIEW.label,
        required=lambda plan: plan.level in REVIEW_LEVELS,
    )
)


@dataclass(frozen=True)
class ScoreValue:
    """One component's score as a rule sees it: a value, or a special mark (缺考, 违纪)."""

    value: Decimal | None = None
    mark: str = ScoreMark.NONE


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reasons: list[str] = field(default_factory=list)


PassRule = Callable[[object, Mapping[str, ScoreValue]], Verdict]

#: name → (label, rule)
PASS_RULES: dict[str, tuple[str, PassRule]] = {}
DEFAULT_PASS_RULE = "all-components-60"


def register_pass_rule(name: str, label) -> Callable[[PassRule], PassRule]:
    def decorator(rule: PassRule) -> PassRule:
        PASS_RULES[name] = (label, rule)
        return rule

    return decorator


def pass_rule_choices() -> list[tuple[str, str]]:
    return [(name, str(label)) for name, (label, _rule) in PASS_RULES.items()]


def pass_rule(name: str) -> tuple[str, PassRule]:
    """(label, rule) of a registered rule; LookupError for an unknown name."""
    try:
        return PASS_RULES[name]
    except KeyError as error:
        raise LookupError(name) from error


def every_component_at_least(minimum: Decimal) -> PassRule:
    def rule(plan, scores: Mapping[str, ScoreValue]) -> Verdict:
        reasons = []
        for component in plan_components(plan):
            score = scores.get(component.key)
            if score is None or (score.value is None and score.mark == ScoreMark.NONE):
                reasons.append(_("%(component)s无成绩") % {"component": component.label})
            elif score.mark != ScoreMark.NONE:
                reasons.append(
                    _("%(component)s%(mark)s")
                    % {"component": component.label, "mark": ScoreMark(score.mark).label}
                )
            elif score.value < minimum * component.max_score / 100:
                reasons.append(
                    _("%(component)s %(value)s 分，低于 %(minimum)s 分")
                    % {"component": component.label, "value": score.value, "minimum": minimum}
                )
        return Verdict(not reasons, reasons)

    return rule


register_pass_rule(DEFAULT_PASS_RULE, gettext_lazy("各科目均达到 60 分（满分 100 分）"))(
    every_component_at_least(PASS_PERCENT)
)
