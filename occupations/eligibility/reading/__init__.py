"""Reading registration conditions' published text into clauses (issue: editors paste the
standard, the site proposes the clauses).

- ``read_condition(text, context)``: one condition's text → ``ConditionReading`` (alternatives of
  clauses, the words left unread, notes);
- ``split_passage(passage)``: a level's whole 申报条件 passage → its numbered conditions;
- ``ReadingContext.for_occupation(name, aliases)``: the occupation's names, so its old
  certificate names (助理电子商务师…) read as levels;
- ``Reading``/``Read``: what a clause type lists in ``ClauseType.readings`` to read its wording.
"""

from .base import Read, Reading
from .parser import ConditionReading, read_condition, registered_readings, same_clauses
from .passage import Passage, PassageItem, split_passage
from .vocabulary import ReadingContext

__all__ = [
    "ConditionReading",
    "Passage",
    "PassageItem",
    "Read",
    "Reading",
    "ReadingContext",
    "read_condition",
    "registered_readings",
    "same_clauses",
    "split_passage",
]
