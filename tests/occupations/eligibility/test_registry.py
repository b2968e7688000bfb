"""The clause-type registry: every type owns all its parts, and the registry check says which
part a type lacks."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from occupations.blocks import ClausesBlock, clause_to_data, clause_to_value
from occupations.checks import check_clause_types
from occupations.eligibility import (
    ClauseFacts,
    ClauseOutcome,
    ClauseType,
    Profile,
    clause_types,
    register,
    registry_problems,
    unregister,
)
from occupations.eligibility.blocks import ClauseBlock


def test_every_registered_type_is_complete():
    assert registry_problems() == []
    assert check_clause_types() == []


@pytest.mark.parametrize("name", list(clause_types()))
def test_each_type_has_a_block_an_evaluator_a_sentence_and_facts(name):
    clause_type = clause_types()[name]
    example = dict(clause_type.example)

    assert issubclass(clause_type.block, ClauseBlock)
    assert isinstance(
        clause_type.evaluate(example, Profile(), as_of=date(2025, 1, 1)), ClauseOutcome
    )
    assert clause_type.describe(example)
    assert isinstance(clause_type.facts(example), ClauseFacts)
    # The example survives the round trip through the stored block value unchanged.
    block_type, value = clause_to_value({"type": name, **example})
    assert clause_to_data(block_type, value) == {"type": name, **example}


def test_the_editor_offers_every_type_in_menu_order():
    assert list(ClausesBlock().child_blocks) == [
        "work_experience",
        "certificate",
        "education",
        "graduated_years",
        "training",
        "apprenticeship",
        "free_text",
    ]


class _Incomplete(ClauseType):
    """Evaluates, but has no block, no sentence, no facts and no example."""

    def evaluate(self, params, profile, *, as_of):
        return ClauseOutcome.satisfied()


@pytest.fixture
def incomplete_type():
    register("incomplete")(_Incomplete)
    yield
    unregister("incomplete")


def test_a_type_lacking_parts_is_reported(incomplete_type):
    problems = registry_problems()

    assert problems == [
        "clause type 'incomplete' does not implement describe()",
        "clause type 'incomplete' does not implement facts()",
        "clause type 'incomplete' has no block (a ClauseBlock subclass)",
        "clause type 'incomplete' has no example parameters",
    ]
    assert {error.id for error in check_clause_types()} == {"occupations.E001"}


def test_manage_py_check_fails_on_an_incomplete_type(incomplete_type):
    with pytest.raises(SystemCheckError, match="incomplete"):
        call_command("check")


class _BrokenExampleBlock(ClauseBlock):
    pass


class _BrokenExample(ClauseType):
    block = _BrokenExampleBlock
    example = {"years": "many"}

    def evaluate(self, params, profile, *, as_of):
        return ClauseOutcome.satisfied()

    def describe(self, params):
        return "工作{years}年".format(years=int(params["years"]))

    def facts(self, params):
        return ClauseFacts()


def test_a_type_whose_example_fails_is_reported():
    register("broken_example")(_BrokenExample)
    try:
        problems = registry_problems()
    finally:
        unregister("broken_example")

    assert len(problems) == 1
    assert problems[0].startswith("clause type 'broken_example' fails on its example: ValueError")


class _UnreadableReadings(_BrokenExample):
    example = {"years": 2}
    readings = (r"工作(\d+)年",)  # a bare pattern: the parser could not use it


def test_readings_that_are_not_reading_objects_are_reported():
    register("bad_readings")(_UnreadableReadings)
    try:
        problems = registry_problems()
    finally:
        unregister("bad_readings")

    assert problems == ["clause type 'bad_readings': readings must be reading.Reading objects"]
