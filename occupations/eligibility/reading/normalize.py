"""Condition text as the readings see it: Simplified characters (Traditional converted with
OpenCC t2s), ASCII punctuation and digits (NFKC), no spaces, no final full stop."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_SPACE = re.compile(r"\s+")


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def simplified(text: str) -> str:
    return _t2s().convert(text)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", simplified(text or ""))
    text = _SPACE.sub("", text).replace("。", ",")
    return text.strip(".;,")
