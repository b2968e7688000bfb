"""Is every registered clause type complete? ``registry_problems`` lists, in English for
developers, each part a type lacks (block, evaluator, description, facts, example), readings that
are not ``Reading`` objects, or an example that fails; ``occupations.checks`` runs it as a
system check (occupations.E001)."""

from __future__ import annotations

from datetime import date

from .blocks import ClauseBlock
from .profile import Profile
from .reading.base import Reading
from .registry import ClauseFacts, ClauseOutcome, ClauseType, clause_types

_PARTS = ("evaluate", "describe", "facts")


def type_problems(clause_type: ClauseType) -> list[str]:
    """What a clause type lacks (English, for developers); empty when it is complete."""
    name = clause_type.name
    problems = [
        f"clause type {name!r} does not implement {part}()"
        for part in _PARTS
        if getattr(type(clause_type), part) is getattr(ClauseType, part)
    ]
    block = clause_type.block
    if not (isinstance(block, type) and issubclass(block, ClauseBlock)):
        problems.append(f"clause type {name!r} has no block (a ClauseBlock subclass)")
    if clause_type.example is None:
        problems.append(f"clause type {name!r} has no example parameters")
    if not all(isinstance(r, Reading) for r in clause_type.readings):
        problems.append(f"clause type {name!r}: readings must be reading.Reading objects")
    if problems:
        return problems
    example = dict(clause_type.example)
    try:
        clause_type.validate(example)
        outcome = clause_type.evaluate(example, Profile(), as_of=date.today())
        sentence = clause_type.describe(example)
        facts = clause_type.facts(example)
        instance = block()
        value = instance.to_python(instance.params_to_value(example))
        instance.clean(value)
    except Exception as error:  # noqa: BLE001 — any failure is the thing reported
        return [f"clause type {name!r} fails on its example: {error!r}"]
    if not isinstance(outcome, ClauseOutcome):
        problems.append(f"clause type {name!r}: evaluate() must return a ClauseOutcome")
    if not isinstance(sentence, str) or not sentence:
        problems.append(f"clause type {name!r}: describe() must return a sentence")
    if not isinstance(facts, ClauseFacts):
        problems.append(f"clause type {name!r}: facts() must return ClauseFacts")
    return problems


def registry_problems() -> list[str]:
    return [problem for t in clause_types().values() for problem in type_problems(t)]
