"""Adding a clause type is one module: this test module registers one (``training_count``:
"取得N个及以上正规培训结业证书", read from the training records) and shows that the editor offers
its block, refuses it when it cannot be evaluated, the engine evaluates it, it describes itself
and the content checks read it.

A real type is a module in occupations/eligibility/clauses/, imported (and so registered) before
the specialty's StreamField is built; a type registered later, as here, appears in the clause
streams built after it (``ClausesBlock()``)."""

from datetime import date

import pytest
from django.utils.translation import gettext
from wagtail import blocks

from occupations.blocks import ClausesBlock, clause_to_data
from occupations.content_checks import check_condition
from occupations.eligibility import (
    ClauseFacts,
    ClauseOutcome,
    ClauseType,
    InvalidClause,
    Profile,
    TrainingRecord,
    describe_condition,
    evaluate_level,
    register,
    registry_problems,
    unregister,
)
from occupations.eligibility.blocks import ClauseBlock, years_block
from occupations.eligibility.registry import int_param
from tests.occupations.factories import ConditionDataFactory

AS_OF = date(2025, 11, 25)


# --- the whole new clause type ------------------------------------------------------------------


class TrainingCountBlock(ClauseBlock):
    count = years_block(label="结业证书数", required=False)

    class Meta:
        label = "正规培训结业证书数量"


class TrainingCount(ClauseType):
    """At least ``count`` completed formal trainings (any level)."""

    block = TrainingCountBlock
    example = {"count": 2}

    def _count(self, params):
        count = int_param(params, "count")
        if count < 1:
            raise InvalidClause("结业证书数至少为1。", field="count")
        return count

    def evaluate(self, params, profile, *, as_of):
        count = self._count(params)
        done = sum(1 for t in profile.training if t.completed <= as_of)
        if done >= count:
            return ClauseOutcome.satisfied()
        return ClauseOutcome.unmet(gettext(f"还需取得{count - done}个正规培训结业证书"))

    def describe(self, params):
        return f"取得{self._count(params)}个及以上正规培训结业证书"

    def facts(self, params):
        return ClauseFacts(training_levels=frozenset())


@pytest.fixture
def training_count():
    register("training_count")(TrainingCount)
    yield
    unregister("training_count")


CLAUSE = {"type": "training_count", "count": 2}
CONDITION = {
    "number": 1,
    "text": "取得2个及以上正规培训结业证书。",
    "alternatives": [{"clauses": [CLAUSE]}],
}


def test_it_is_complete(training_count):
    assert registry_problems() == []


def test_the_editor_offers_its_block(training_count):
    stream = ClausesBlock()
    assert stream.child_blocks["training_count"].meta.label == "正规培训结业证书数量"

    value = stream.to_python([{"type": "training_count", "value": {"count": 3}}])
    stream.clean(value)
    assert clause_to_data(value[0].block_type, value[0].value) == {
        "type": "training_count",
        "count": 3,
    }


def test_the_editor_refuses_a_clause_it_cannot_evaluate(training_count):
    stream = ClausesBlock()
    child = stream.child_blocks["training_count"]
    with pytest.raises(blocks.StreamBlockValidationError) as refused:
        stream.clean(stream.to_python([{"type": "training_count", "value": {"count": None}}]))
    error = refused.value.block_errors[0]
    assert error.block_errors["count"].messages == ["此项必须填写，否则无法判断是否符合条件。"]
    with pytest.raises(blocks.StructBlockValidationError) as refused:
        child.clean(child.to_python({"count": 0}))
    assert refused.value.block_errors["count"].messages == ["结业证书数至少为1。"]


def test_the_engine_evaluates_it(training_count):
    one = Profile(training=[TrainingRecord(level=4, completed=date(2024, 1, 1))])
    two = Profile(training=[*one.training, TrainingRecord(level=3, completed=date(2025, 1, 1))])

    assert evaluate_level([CONDITION], two, as_of=AS_OF).eligible is True
    verdict = evaluate_level([CONDITION], one, as_of=AS_OF)
    assert verdict.eligible is False
    assert verdict.conditions[0].missing == ["还需取得1个正规培训结业证书"]


def test_it_describes_itself(training_count):
    assert describe_condition(CONDITION["alternatives"]) == "取得2个及以上正规培训结业证书"


def test_the_content_checks_read_its_facts(training_count):
    agreeing = ConditionDataFactory(text=CONDITION["text"], alternatives=[[CLAUSE]])
    # Its facts state no years, so a text promising years of work disagrees with it.
    disagreeing = ConditionDataFactory(
        text="取得2个及以上正规培训结业证书,连续从事本职业工作3年以上。", alternatives=[[CLAUSE]]
    )

    assert [kind for kind, _ in check_condition(agreeing, own_terms=set(), foreign={})] == []
    kinds = [kind for kind, _ in check_condition(disagreeing, own_terms=set(), foreign={})]
    assert "years" in kinds
