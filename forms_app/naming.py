"""Readable ASCII names from Chinese text: field keys (姓名 → xing_ming) and page slugs
(电子商务师报名 → dian-zi-shang-wu-shi-bao-ming), through pypinyin's pinyin without tones.

Wagtail's own conversion turns Chinese into escapes (姓名 → u59d3u540d) and Wagtail's slugs keep
Chinese, which every link then carries percent-encoded.
"""

from __future__ import annotations

import re
import unicodedata

NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> list[str]:
    from pypinyin import lazy_pinyin  # its dictionaries load on first use only

    ascii_text = unicodedata.normalize("NFKD", text or "")
    words = []
    for chunk in lazy_pinyin(ascii_text):  # non-Chinese characters come back as they are
        words.extend(w for w in NON_ALNUM.split(chunk.lower()) if w)
    return words


def _shorten(words: list[str], limit: int, separator: str) -> str:
    kept: list[str] = []
    for word in words:
        if len(separator.join([*kept, word])) > limit:
            break
        kept.append(word)
    return separator.join(kept)


def ascii_key(label: str, *, fallback: str = "field", limit: int = 40) -> str:
    """``xing_ming`` for 姓名; ``fallback`` when nothing readable is left (e.g. only symbols)."""
    key = _shorten(_words(label), limit, "_")
    if not key:
        return fallback
    return key if key[0].isalpha() else f"f_{key}"


def ascii_slug(text: str, *, fallback: str = "page", limit: int = 50) -> str:
    """``dian-zi-shang-wu-shi`` for 电子商务师: lower-case ASCII words joined by hyphens."""
    return _shorten(_words(text), limit, "-") or fallback
