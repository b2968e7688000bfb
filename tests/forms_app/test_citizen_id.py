"""Every real citizen ID number is accepted: online, in the status lookup and in imported lists.

The numbers below are valid people's numbers whose county code was created, renamed or merged
after they were born (python-stdnum's ``ric.validate`` refuses every one of them with
InvalidComponent). Their check digits were computed once with ``stdnum.cn.ric.calc_check_digit``
and are written here literally, so the table does not depend on the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from forms_app.fields.citizen_id import check_id_number, region_hint
from forms_app.models import Application
from tests.forms_app.exchange_support import exchange_page
from tests.forms_app.test_exchange_import import confirm, csv_file, text, upload
from tests.forms_app.test_submission import errors_of
from tests.forms_app.test_support import applicant, make_form_page

#: (number, where and when) of real-shaped numbers from renamed or new districts across decades.
VALID_NUMBERS = [
    ("152502197503140213", "锡林浩特市 (code from 1983), born 1975"),
    ("152502191908071749", "锡林浩特市, born 1919"),
    ("150105196206110633", "呼和浩特 赛罕区 (郊区 until 1999), born 1962"),
    ("150207197002280756", "包头 九原区 (from 1999), born 1970"),
    ("310115198807021136", "上海 浦东新区 (from 1993), born 1988"),
    ("440306197509180349", "深圳 宝安区 (from 1993), born 1975"),
    ("440307198010090863", "深圳 龙岗区 (from 1993), born 1980"),
    ("210102194501050475", "沈阳 和平区 (code reused), born 1945"),
    ("460108198511300522", "海口 美兰区 (from 2002), born 1985"),
    ("500112196001010910", "重庆 渝北区 (from 1994), born 1960"),
    ("330110195506011020", "杭州 余杭区 (from 2001), born 1955"),
    ("810000198001011412", "香港, born 1980"),
    ("820000197005051523", "澳门, born 1970"),
    ("152502200002291827", "锡林浩特市, born on 29 February 2000"),
    ("15250219830517218X", "锡林浩特市, born 1983, check digit X"),
]
NUMBERS = [number for number, _where in VALID_NUMBERS]
IDS = [where for _number, where in VALID_NUMBERS]


def full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in number)


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_every_number_with_a_right_check_digit_and_birth_date_is_accepted(number):
    assert check_id_number(number) == number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("15250219830517218x", "15250219830517218X"),
        (full_width("15250219830517218X"), "15250219830517218X"),
        (full_width("15250219830517218x"), "15250219830517218X"),
        ("152502 19750314 0213", "152502197503140213"),
        ("310115-19880702-1136", "310115198807021136"),
    ],
    ids=["lower-case x", "全角", "全角 x", "spaces", "hyphens"],
)
def test_a_number_typed_with_an_input_method_is_normalised(typed, number):
    assert check_id_number(typed) == number


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("152502197503140214", "checksum"),  # one digit off
        ("15250219830517218Y", "invalid"),
        ("152502197502300211", "birth_date"),  # 30 February, right check digit
        ("152502190002290019", "birth_date"),  # 1900 was not a leap year
        ("152502209901010014", "future_birth_date"),
        ("99250219750314021X", "province"),  # 99 is no province
        ("002502197503140210", "province"),
        ("830000198001011416", "province"),  # not one of the 34 province-level codes
        ("152502750314021", "old_format"),  # 15 digits: handled as before
        ("1525021975031402", "invalid"),
    ],
)
def test_what_no_real_person_holds_is_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        check_id_number(value, today=date(2026, 11, 30))

    assert error.value.code == code
    assert "请" in str(error.value.messages[0])  # a Chinese sentence telling what to do


def test_a_birth_date_of_today_is_not_in_the_future():
    assert check_id_number("152502202611300011", today=date(2026, 11, 30))


def test_the_region_only_adds_a_hint_and_never_refuses():
    assert region_hint("152502197503140213") == "内蒙古自治区 锡林浩特市"
    assert region_hint("150105196206110633") == "内蒙古自治区 赛罕区"  # today's name
    assert region_hint("459999198001010016") == ""  # unknown county: no hint, still valid
    assert check_id_number("459999198001010016")


# --- the same table through every way a number comes in ---------------------------------------


@pytest.fixture
def form_page(occupation, exam_period):
    return make_form_page(occupation=occupation, exam_period=exam_period)


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_the_online_form_accepts_every_real_number(client, form_page, number):
    response = client.post(form_page.url, applicant(id_number=number))

    assert response.status_code == 302, errors_of(response)
    assert Application.objects.get().id_number == number


@pytest.mark.parametrize("number", NUMBERS[:3], ids=IDS[:3])
def test_the_online_form_accepts_a_real_number_typed_full_width(client, form_page, number):
    response = client.post(form_page.url, applicant(id_number=full_width(number).lower()))

    assert response.status_code == 302, errors_of(response)
    assert Application.objects.get().id_number == number


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_the_status_lookup_accepts_every_real_number(client, loaded_site, number):
    response = client.post("/applications/status/", {"id_number": number, "mobile": "13800138000"})

    assert response.status_code == 200
    assert "身份证号码" not in " ".join(errors_of(response))
    assert "没有找到匹配的报名记录" in text(response)


@pytest.fixture
def importer(db):
    from tests.forms_app.exchange_support import staff

    return staff("importer", "add_application", "view_application")


@pytest.fixture
def _private_storage(private_media):
    """Uploaded lists are kept in a temporary private folder between preview and import."""


def test_an_imported_list_accepts_every_real_number(
    client, importer, occupation, _private_storage, django_capture_on_commit_callbacks
):
    page = exchange_page(occupation=occupation)
    typed = [*NUMBERS[:-2], NUMBERS[-2], full_width(NUMBERS[-1]).lower()]
    names = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
    rows = [
        f"{names[i]}{names[-1 - i]},{number},138001380{i:02d},网商,四级,"
        for i, number in enumerate(typed)
    ]

    preview = upload(client, importer, page, csv_file(*rows))

    assert preview.status_code == 200, text(preview)
    assert f"共 {len(NUMBERS)} 行，检查通过" in text(preview)
    done = confirm(client, preview)
    assert f"导入 {len(NUMBERS)} 条报名" in text(done)
    assert sorted(Application.objects.values_list("id_number", flat=True)) == sorted(NUMBERS)
