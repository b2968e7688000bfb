"""Split a level's whole 申报条件 passage ("具备以下条件之一者，可申报四级/中级工：(1)…(2)…")
into its numbered conditions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .normalize import simplified
from .vocabulary import LEVEL_WORDS

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: An item number at the start of a line or after the end of the previous item: (1) 1. 1、 ①.
_MARKER = re.compile(
    r"(?:(?<=^)|(?<=[\n。;:]))\s*(?:\((?P<paren>\d{1,2})\)|(?P<dot>\d{1,2})[.、](?!\d))",
    re.MULTILINE,
)
_LEVEL_IN_HEADING = re.compile(
    r"(?:申报|^)(?P<words>(?:五级|四级|三级|二级|一级)(?:/(?:初级工|中级工|高级工|技师|高级技师))?"
    r"|初级工|中级工|高级工|高级技师|技师|初级|中级|高级)"
)


@dataclass(frozen=True)
class PassageItem:
    number: int
    text: str


@dataclass(frozen=True)
class Passage:
    heading: str
    items: tuple[PassageItem, ...]
    #: The level the heading names ("可申报四级/中级工"), or None.
    level: int | None = None


def _marker_number(match: re.Match[str]) -> int:
    return int(match.group("paren") or match.group("dot"))


def split_passage(passage: str) -> Passage:
    """The numbered conditions of ``passage`` (Simplified characters, full-width brackets and
    digits made ASCII, the text of each item as published otherwise). Without item numbers,
    every non-empty line after the heading is one condition."""
    text = "".join(
        f"({_CIRCLED.index(c) + 1})" if c in _CIRCLED else c for c in simplified(passage or "")
    )
    text = unicodedata.normalize("NFKC", text).replace("\r", "")
    markers = list(_MARKER.finditer(text))
    if markers:
        heading = text[: markers[0].start()]
        items = []
        for index, marker in enumerate(markers):
            end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
            body = " ".join(text[marker.end() : end].split())
            if body:
                items.append(PassageItem(number=_marker_number(marker), text=body))
    else:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        lines = [line for line in lines if line]
        heading = lines[0] if lines and _is_heading(lines[0]) else ""
        body = lines[1:] if heading else lines
        items = [PassageItem(number=n, text=line) for n, line in enumerate(body, start=1)]
    heading = " ".join(heading.split())
    found = _LEVEL_IN_HEADING.search(heading)
    level = LEVEL_WORDS.get(found.group("words").split("/")[0]) if found else None
    return Passage(heading=heading, items=tuple(items), level=level)


def _is_heading(line: str) -> bool:
    return line.endswith((":", "：")) or "条件之一" in line or "申报" in line
