"""What each question type needs (a registry: one entry per type, looked up by its name).

A rule normalises the answer a person typed ("√", "正确", "a c d") against the options and
says in Chinese what is wrong; the assembly, the PDFs and the imports ask the registry,
never an if-chain on the type.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.choices import QuestionKind

LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class KindRule:
    kind: str
    has_options: bool
    #: (answer text, option count) → (normalised answer, errors)
    normalise: Callable[[str, int], tuple[str, list[str]]]
    #: Writing lines printed under the question (0: none).
    answer_lines: int = 0


KINDS: dict[str, KindRule] = {}


def register_kind(kind: str, *, has_options: bool = False, answer_lines: int = 0):
    def decorator(normalise):
        KINDS[kind] = KindRule(kind, has_options, normalise, answer_lines)
        return normalise

    return decorator


def rule(kind: str) -> KindRule:
    return KINDS[kind]


TRUE_WORDS = {"对", "正确", "√", "✓", "✔", "是", "T", "TRUE", "Y", "YES", "1"}
FALSE_WORDS = {"错", "错误", "×", "✗", "✘", "X", "否", "F", "FALSE", "N", "NO", "0"}


@register_kind(QuestionKind.TRUE_FALSE)
def _true_false(answer: str, options: int) -> tuple[str, list[str]]:
    word = (answer or "").strip().upper()
    if word in TRUE_WORDS:
        return "对", []
    if word in FALSE_WORDS:
        return "错", []
    return "", [_("判断题的答案应为“对”或“错”（也可写 √/×）。")]


def _letters(answer: str) -> str:
    text = (answer or "").upper()
    text = text.translate(str.maketrans("ＡＢＣＤＥＦＧＨ，、；", "ABCDEFGH,,,"))
    return "".join(sorted(set(re.sub(r"[\s,;/|]", "", text))))


def _choice(answer: str, options: int, *, multiple: bool) -> tuple[str, list[str]]:
    errors = []
    if options < 2:
        errors.append(_("选择题至少需要两个选项。"))
    letters = _letters(answer)
    valid = LETTERS[:options]
    if not letters:
        errors.append(_("请填写答案（选项字母，如 B）。"))
    elif any(ch not in valid for ch in letters):
        errors.append(
            _("答案“%(answer)s”不在选项 %(valid)s 之中。")
            % {"answer": answer, "valid": "、".join(valid) or "—"}
        )
    elif not multiple and len(letters) != 1:
        errors.append(_("单选题只能有一个正确答案。"))
    elif multiple and len(letters) < 2:
        errors.append(_("多选题至少要有两个正确答案。"))
    return letters, errors


@register_kind(QuestionKind.SINGLE, has_options=True)
def _single(answer: str, options: int) -> tuple[str, list[str]]:
    return _choice(answer, options, multiple=False)


@register_kind(QuestionKind.MULTIPLE, has_options=True)
def _multiple(answer: str, options: int) -> tuple[str, list[str]]:
    return _choice(answer, options, multiple=True)


def _text_answer(answer: str, options: int) -> tuple[str, list[str]]:
    text = (answer or "").strip()
    return text, ([] if text else [_("请填写答案（参考答案）。")])


register_kind(QuestionKind.BLANK, answer_lines=0)(_text_answer)
register_kind(QuestionKind.SHORT, answer_lines=6)(_text_answer)
register_kind(QuestionKind.PRACTICAL, answer_lines=10)(_text_answer)


def option_letter(index: int) -> str:
    return LETTERS[index]
