"""How a clause type reads its own wording: a ``Reading`` is an anchored pattern and a function
from its match to the clause's SCHEMA.md parameters. A clause type lists its readings in
``ClauseType.readings``; the parser (``reading.parser``) tries every registered type's readings,
so a new clause type brings its own reading and nothing else lists the types."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .vocabulary import ReadingContext


@dataclass(frozen=True)
class Read:
    """What one reading made of its words: the clause's parameters (without ``type``) and notes
    for the editor on words that are deliberately not clauses (经评估论证…)."""

    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()


Builder = Callable[[re.Match[str], ReadingContext], "Read | Mapping[str, Any] | None"]


@dataclass(frozen=True)
class Reading:
    """``pattern`` is matched at the start of a clause's words (normalised text: Simplified
    characters, ASCII punctuation, no spaces); ``build`` turns the match into the clause's
    parameters, or None when the words are not ones it can read with certainty (the parser
    then leaves them unread: a wrong clause is worse than none).

    ``parallel``: two clauses read by this reading one after the other, joined by a bare comma,
    are alternatives, not both required ("本科生毕业13年以上,硕士、博士研究生毕业8年以上")."""

    pattern: str
    build: Builder
    parallel: bool = False
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))

    def read(self, text: str, pos: int, context: ReadingContext) -> tuple[int, Read] | None:
        """(end, read) of the words at ``pos``; None when they are not this reading's."""
        match = self.regex.match(text, pos)
        if match is None or match.end() == pos:
            return None
        built = self.build(match, context)
        if built is None:
            return None
        return match.end(), built if isinstance(built, Read) else Read(params=dict(built))
