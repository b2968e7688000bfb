"""What the columns of an uploaded applicant list may be called, and how a cell is read."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from occupations.choices import Level

#: Canonical import columns (the headers of the template) and the other headers accepted.
NAME, ID_NUMBER, MOBILE, SPECIALTY, LEVEL = "姓名", "身份证号码", "手机号码", "工种", "等级"
IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    NAME: ("姓名", "考生姓名", "申请人姓名"),
    ID_NUMBER: ("身份证号码", "居民身份证号码", "身份证号", "身份证", "证件号码"),
    MOBILE: ("手机号码", "手机号", "手机", "联系电话"),
    SPECIALTY: ("工种", "工种/方向", "方向", "申报工种"),
    LEVEL: ("等级", "申报等级", "级别"),
}
ALIASES = {alias: column for column, names in IMPORT_COLUMNS.items() for alias in names}

LEVEL_WORDS = {
    "五级": 5, "初级工": 5, "初级": 5,
    "四级": 4, "中级工": 4, "中级": 4,
    "三级": 3, "高级工": 3, "高级": 3,
    "二级": 2, "技师": 2,
    "一级": 1, "高级技师": 1,
}  # fmt: skip
_HEADER_NOISE = re.compile(r"[\s*＊:：]")


def normalise_header(header) -> str:
    """'身份证号 *' → '身份证号码'; unknown headers are kept (trimmed) for the answers."""
    text = _HEADER_NOISE.sub("", str(header or ""))
    return ALIASES.get(text, text)


def cell_text(value) -> str:
    """A cell as text: Excel numbers without '.0', dates as ISO, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def parse_level(value) -> int | None:
    """'4', 4, '四级', '四级/中级工', '中级工', '4级' → 4; None when unrecognised."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
        return number if number in Level.values else None
    text = cell_text(value).replace("／", "/")
    if text.endswith("级") and text[:-1].isdigit():
        text = text[:-1]
    if text.isdigit():
        return int(text) if int(text) in Level.values else None
    for part in filter(None, (p.strip() for p in text.split("/"))):
        if part in LEVEL_WORDS:
            return LEVEL_WORDS[part]
    return None


def level_names() -> str:
    return "、".join(str(label) for label in Level.labels)


SOURCES = {"online": _("在线报名"), "import": _("批量导入")}
