"""Read one condition's text into alternatives of clauses of the registered clause types.

The text is split into ways of meeting it at "；或"; each way is read left to right: at each
point every registered clause type's readings are tried and the longest that reads with
certainty wins; clauses are joined by "，", "并", "且" or "的" (取得…证书的…毕业生). Words no
reading knows are left unread up to the next comma, and reported, never guessed.

Two reading rules of SCHEMA.md live here because they span clauses:
- a ``parallel`` reading's clauses one after another with a bare comma are alternatives;
- a clause after the last "；或" way, joined by a bare comma, of a type no other way has, applies
  to every way ("A；或B，累计从事本职业工作1年(含)以上": the years follow both halves).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..registry import clause_types
from .base import Reading
from .normalize import normalize
from .vocabulary import ReadingContext

ALTERNATIVES = re.compile(r";或")
CONNECTOR = re.compile(r"的|,?(?:并且|并|且|同时)?")
_BARE_COMMA = ","
#: Unread words ending so leave the next words unread too: they are counted from (后) or
#: describe (的) what could not be read.
DEPENDENT_ENDINGS = ("后", "的")


@dataclass(frozen=True)
class ConditionReading:
    """What the parser made of a condition's text.

    ``alternatives``: the clauses read (SCHEMA.md dicts with ``type``), per way of meeting the
    condition; ``unread``: the words it could not read, in order; ``notes``: words read but
    deliberately not clauses (approvals only documents show)."""

    text: str
    alternatives: tuple[tuple[dict[str, Any], ...], ...] = ()
    unread: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Everything was read into at least one clause."""
        return not self.unread and bool(self.alternatives)

    @property
    def read_anything(self) -> bool:
        return any(self.alternatives)


@dataclass
class _Clause:
    data: dict[str, Any]
    reading: Reading
    joined_by: str  # the connector before it ("" for the first of a way)


@dataclass
class _Walk:
    context: ReadingContext
    readings: list[tuple[str, Reading]]
    unread: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def best(self, text: str, pos: int) -> tuple[int, str, Reading, Any] | None:
        best = None
        for name, reading in self.readings:
            found = reading.read(text, pos, self.context)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], name, reading, found[1])
        return best

    def way(self, text: str) -> list[list[_Clause]]:
        """The clauses of one "；或" way, split further where a parallel reading repeats."""
        groups: list[list[_Clause]] = [[]]
        pos, joined_by, previous, tainted = 0, "", None, False
        spans: list[tuple[int, int]] = []
        while pos < len(text):
            found = None if tainted else self.best(text, pos)
            tainted = False
            if found is None:
                if text[pos] in ",;":  # a stray comma; a bare "；" (not "；或") is unread
                    if text[pos] == ";":
                        spans.append((pos, pos + 1))
                    pos += 1
                else:
                    end = _next_separator(text, pos)
                    start = pos - len(joined_by) if joined_by == "的" else pos
                    spans.append((start, end))
                    # "…后," / "…的": what follows depends on the words left unread.
                    tainted = text[start:end].endswith(DEPENDENT_ENDINGS)
                    pos = end
                previous = None
            else:
                end, name, reading, read = found
                clause = _Clause({"type": name, **read.params}, reading, joined_by)
                if reading.parallel and previous is reading and joined_by == _BARE_COMMA:
                    groups.append([])
                groups[-1].append(clause)
                self.notes.extend(read.notes)
                pos, previous = end, reading
            connector = CONNECTOR.match(text, pos)
            joined_by = connector.group(0) if connector else ""
            pos += len(joined_by)
        self.unread.extend(_merged(text, spans))
        return [g for g in groups if g]


def _merged(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Unread spans separated only by connectors, as one piece of text each."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _GLUE.fullmatch(text, merged[-1][1], start):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [text[start:end] for start, end in merged]


_GLUE = re.compile(r"[,并且同时的]*")


def _next_separator(text: str, pos: int) -> int:
    found = re.compile(r"[,;]").search(text, pos)
    return found.start() if found else len(text)


def _share_trailing(ways: list[list[_Clause]]) -> None:
    if len(ways) < 2 or len(ways[-1]) < 2:
        return
    last = ways[-1][-1]
    if last.joined_by != _BARE_COMMA:
        return
    if any(c.data["type"] == last.data["type"] for way in ways[:-1] for c in way):
        return
    for way in ways[:-1]:
        way.append(_Clause(dict(last.data), last.reading, last.joined_by))


def registered_readings() -> list[tuple[str, Reading]]:
    """(clause type name, reading) of every registered clause type, in menu order."""
    return [(name, r) for name, t in clause_types().items() for r in getattr(t, "readings", ())]


def read_condition(text: str, context: ReadingContext | None = None) -> ConditionReading:
    """Read one condition's text (Traditional or Simplified) for the occupation of
    ``context`` (its names and old certificate names)."""
    plain = normalize(text)
    walk = _Walk(context=context or ReadingContext(), readings=registered_readings())
    ways: list[list[_Clause]] = []
    for part in ALTERNATIVES.split(plain):
        ways.extend(walk.way(part))
    _share_trailing(ways)
    return ConditionReading(
        text=plain,
        alternatives=tuple(tuple(c.data for c in way) for way in ways),
        unread=tuple(walk.unread),
        notes=tuple(dict.fromkeys(walk.notes)),
    )


def same_clauses(
    first: tuple[tuple[Mapping[str, Any], ...], ...] | list,
    second: tuple[tuple[Mapping[str, Any], ...], ...] | list,
) -> bool:
    """Whether two lists of alternatives say the same, whatever the order of alternatives and
    of clauses within each."""
    return _canonical(first) == _canonical(second)


def _canonical(alternatives) -> list[list[str]]:
    return sorted(sorted(_key(clause) for clause in alternative) for alternative in alternatives)


def _key(clause: Mapping[str, Any]) -> str:
    return json.dumps(_sorted_lists(clause), sort_keys=True, ensure_ascii=False)


def _sorted_lists(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _sorted_lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return sorted((_sorted_lists(v) for v in value), key=str)
    return value
