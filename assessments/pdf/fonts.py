"""The CJK font every PDF of the exam office is drawn in, and the check of what it can draw.

WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0 or GPL-3+ with font exception, licence beside the
file) lives in this package, so a fresh checkout draws Chinese without any system font.
reportlab embeds it (TrueType outlines; it refuses CFF-based Noto CJK) as a subset holding only
the glyphs a document uses.

It has no glyphs for CJK Extension B and beyond (e.g. 𠀀 U+20000, 𪚥 U+2A6A5), which some
people's names contain: reportlab would silently print an empty box. Call
``undrawable_chars(name)`` before printing and show staff what cannot be printed.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILE = FONT_DIR / "wqy-microhei.ttc"
LICENCE_FILE = FONT_DIR / "LICENSE-wqy-microhei.txt"

#: The name documents use in ``canvas.setFont(FONT, size)`` and paragraph styles.
FONT = "WenQuanYiMicroHei"
#: reportlab has no bold of a TrueType font unless one is registered: the same face (headings
#: get their weight from size); registered so ``<b>`` in paragraphs does not fail.
FONT_BOLD = FONT

_lock = threading.Lock()
_font: TTFont | None = None


def register_fonts() -> str:
    """Register the CJK font with reportlab (once per process) and return its name."""
    global _font
    if _font is None:
        with _lock:
            if _font is None:
                # binary streams: ASCII85 would make files 25 % larger and batches slower
                rl_config.useA85 = 0
                font = TTFont(FONT, str(FONT_FILE), subfontIndex=0)
                pdfmetrics.registerFont(font)
                pdfmetrics.registerFontFamily(
                    FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT
                )
                _font = font
    return FONT


def _covered() -> dict[int, int]:
    register_fonts()
    return _font.face.charToGlyph


def undrawable_chars(text: str) -> list[str]:
    """The distinct characters of ``text`` the font has no glyph for, in order of appearance
    (spaces and control characters are never reported). Empty means the text prints as typed."""
    covered = _covered()
    seen: list[str] = []
    for char in text or "":
        if char in seen or char.isspace() or unicodedata.category(char).startswith("C"):
            continue
        if ord(char) not in covered:
            seen.append(char)
    return seen


def can_draw(text: str) -> bool:
    return not undrawable_chars(text)


def describe_chars(chars: list[str]) -> str:
    """``["𠀀"]`` → ``"𠀀 (U+20000)"``, for staff whose screen may not show the character."""
    return "、".join(f"{char} (U+{ord(char):04X})" for char in chars)


def text_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, register_fonts(), size)
