"""居民身份证号码 (GB 11643-1999): what makes a number acceptable, and what it tells staff.

A number is accepted when it has 18 characters, its check digit (ISO 7064 MOD 11-2, computed by
python-stdnum) is right, its birth date is a real date not in the future and its first two digits
are a province-level code. The county code (digits 3-6) is deliberately NOT checked against any
table: a person keeps the number they were given when a county is later created, renamed or
merged (e.g. 152502 锡林浩特市 for someone born in 1975, before the code existed), so a region
table can only add a hint for staff, never refuse (python-stdnum's ``ric.validate`` refuses such
people, so it is not used).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The 34 province-level codes (GB/T 2260): 31 provinces, autonomous regions and municipalities,
#: 71 台湾, 81 香港, 82 澳门.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip

SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: str) -> str:
    """Full-width digits and letters (a Chinese input method) become ASCII, spaces and hyphens of
    a copied number go, and a lower-case x becomes X."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value or "")).upper()


def birth_date(number: str) -> date | None:
    """The birth date in an 18-character number, or None when it is not a real date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def check_id_number(value: str, *, today: date | None = None) -> str:
    """The normalised 18-character number, or a ValidationError with a Chinese message."""
    from stdnum.cn import ric  # only processes that check a number need python-stdnum

    number = normalise_id_number(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("15位的旧身份证号码已停止使用，请填写18位居民身份证号码。"), code="old_format"
        )
    if not SHAPE.match(number):
        raise ValidationError(_("请填写18位居民身份证号码。"), code="invalid")
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError(
            _("身份证号码校验位不正确，请核对每一位数字（最后一位可能是X）。"), code="checksum"
        )
    born = birth_date(number)
    if born is None:
        raise ValidationError(_("身份证号码中的出生日期无效，请核对。"), code="birth_date")
    if born > (today or timezone.localdate()):
        raise ValidationError(
            _("身份证号码中的出生日期晚于今天，请核对。"), code="future_birth_date"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("身份证号码的前两位不是有效的省级行政区代码，请核对。"), code="province"
        )
    return number


def region_hint(number: str) -> str:
    """Where the county code of a valid number points in python-stdnum's table of administrative
    divisions (e.g. "内蒙古自治区 锡林郭勒盟 锡林浩特市"), for staff; "" when the table does not
    know it (codes created, renamed or merged over the years). Never a reason to refuse."""
    from stdnum import numdb

    try:
        parts = numdb.get("cn/loc").info(number[:6])
    except Exception:  # noqa: BLE001 - a hint must never break a screen
        return ""
    names = []
    for _code, props in parts:
        for key in ("province", "prefecture", "county"):
            if props.get(key):
                # "[1983-1999]郊区,[2000-]赛罕区": the latest name, without its years
                names.append(re.sub(r"^\[[^\]]*\]", "", props[key].split(",")[-1]))
    return " ".join(names) if len(names) > 1 else ""
