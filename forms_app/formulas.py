"""Spreadsheet formulas in applicant text: recognised on the way in, made inert on the way out.

A cell that starts with = + - @, a tab, CR or LF (or their full-width forms, which some
East-Asian Excel builds convert) is run by a spreadsheet as a formula (CSV/formula injection,
OWASP). Control characters are stripped first: XLSX cannot hold them, and a cell such as
"\\x01=HYPERLINK(…)" must not become "=HYPERLINK(…)" after the check.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
#: The characters XLSX cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): C0 controls but tab,
#: LF and CR.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would run this text (after control characters are dropped)."""
    text = CONTROL_CHARACTERS.sub("", text or "").lstrip(" ")
    return bool(text) and text[0] in FORMULA_TRIGGERS


def neutralise(value: str) -> str:
    """The text as a spreadsheet must show it: control characters dropped, never a formula."""
    value = CONTROL_CHARACTERS.sub("", value)
    return "'" + value if value and value[0] in FORMULA_TRIGGERS else value
