"""The public API's contract: GET /api/v1/occupations and POST /api/v1/eligibility."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from occupations import services
from occupations.content_loader import load_requirements
from occupations.eligibility import (
    CertificateHeld,
    EducationRecord,
    Profile,
    TrainingRecord,
    WorkPeriod,
)

CATALOGUE = "/api/v1/occupations"
ELIGIBILITY = "/api/v1/eligibility"
AS_OF = "2026-11-25"

#: The issue's example request, every profile field present.
FULL_REQUEST = {
    "occupation": "电子商务师",
    "specialty": "网商",
    "level": 3,
    "as_of": AS_OF,
    "profile": {
        "work": [{"relation": "same", "start": "2019-03-01", "end": None}],
        "certificates": [{"relation": "same", "level": 4, "issued": "2020-06-30", "kind": "level"}],
        "education": [
            {
                "type": "junior_college",
                "major": "same",
                "skill_target": None,
                "graduated": "2015-07-01",
                "final_year_student": False,
            }
        ],
        "training": [{"level": 3, "completed": "2024-01-15"}],
        "apprenticeship_completed": False,
    },
}


def post(client, body):
    return client.post(ELIGIBILITY, json.dumps(body), content_type="application/json")


def request_for(start, *, level=3, as_of=AS_OF, occupation="电子商务师", specialty="网商"):
    body = {
        "occupation": occupation,
        "specialty": specialty,
        "level": level,
        "profile": {"work": [{"relation": "same", "start": start, "end": None}]},
    }
    if as_of is not None:
        body["as_of"] = as_of
    return body


def shanghai_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- GET /api/v1/occupations --------------------------------------------------------------------


@pytest.fixture
def catalogue(loaded_site, client):
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_catalogue_has_the_contract_shape(catalogue):
    assert len(catalogue) == 8
    for occupation in catalogue:
        assert set(occupation) == {"slug", "name", "code", "specialties"}
        for specialty in occupation["specialties"]:
            assert set(specialty) == {"slug", "name", "levels"}
            for level in specialty["levels"]:
                assert set(level) == {"level", "title", "conditions"}
                for condition in level["conditions"]:
                    assert set(condition) == {"number", "text"}

    e_commerce = catalogue[0]
    assert e_commerce["slug"] == "e-commerce-specialist"
    assert e_commerce["name"] == "电子商务师"
    assert e_commerce["code"] == "4-01-06-01"
    online_merchant = e_commerce["specialties"][0]
    assert online_merchant["slug"] == "online-merchant"
    assert online_merchant["name"] == "网商"
    assert online_merchant["levels"][0] == {
        "level": 4,
        "title": "四级/中级工",
        "conditions": [
            {"number": 1, "text": "在本职业连续工作1年以上。"},
            {
                "number": 2,
                "text": "具有以中级技能为培养目标的技工学校和中等职业学校本专业毕业证书。",
            },
            {"number": 3, "text": "经本职业电子商务员正规培训达规定标准学时数,并取得结业证书。"},
        ],
    }


def test_an_occupation_without_specialties_has_one_entry_named_null(catalogue):
    by_name = {item["name"]: item for item in catalogue}

    for name in ("动画制作员", "计算机程序设计员", "计算机软件测试员", "信息通信网络运行管理员"):
        specialties = by_name[name]["specialties"]
        assert len(specialties) == 1
        assert specialties[0]["name"] is None
        assert specialties[0]["levels"]
    assert by_name["动画制作员"]["code"] is None  # the brochure gives no code


def test_catalogue_totals(catalogue):
    specialties = [s for o in catalogue for s in o["specialties"]]
    levels = [level for s in specialties for level in s["levels"]]

    assert len([s for s in specialties if s["name"] is not None]) == 12
    assert len([s for s in specialties if s["name"] is None]) == 4
    assert len(levels) == 73
    assert sum(len(level["conditions"]) for level in levels) == 230


def test_catalogue_matches_the_requirements_data(catalogue):
    titles = {
        1: "一级/高级技师",
        2: "二级/技师",
        3: "三级/高级工",
        4: "四级/中级工",
        5: "五级/初级工",
    }

    def levels(items):
        return [
            {
                "level": item["level"],
                "title": titles[item["level"]],
                "conditions": [
                    {"number": c["number"], "text": c["text"]} for c in item["conditions"]
                ],
            }
            for item in sorted(items, key=lambda item: -item["level"])
        ]

    expected = [
        {
            "slug": occupation["slug"],
            "name": occupation["name"],
            "code": occupation.get("code"),
            "specialties": [
                {"name": s["name"], "levels": levels(s["levels"])}
                for s in occupation["specialties"]
            ]
            or [{"name": None, "levels": levels(occupation["levels"])}],
        }
        for occupation in load_requirements()["occupations"]
    ]
    actual = [
        {**o, "specialties": [{k: s[k] for k in ("name", "levels")} for s in o["specialties"]]}
        for o in catalogue
    ]

    assert actual == expected


# --- POST /api/v1/eligibility: answers ----------------------------------------------------------


def test_eligible_on_the_anniversary(loaded_site, client):
    response = post(client, request_for("2020-11-25"))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"eligible", "needs_review", "met", "conditions"}
    assert body["eligible"] is True
    assert body["needs_review"] is False
    assert body["met"] == [1]
    assert [c["number"] for c in body["conditions"]] == [1, 2, 3, 4, 5, 6, 7]
    assert body["conditions"][0] == {
        "number": 1,
        "text": "在本职业连续工作6年以上。",
        "met": True,
        "missing": [],
    }
    assert all(set(c) == {"number", "text", "met", "missing"} for c in body["conditions"])


def test_not_eligible_says_what_is_missing_in_chinese(loaded_site, client):
    body = post(client, request_for("2021-03-01")).json()

    assert body["eligible"] is False
    assert body["needs_review"] is False
    assert body["met"] == []
    first = body["conditions"][0]
    assert first["met"] is False
    assert first["missing"] == ["还需连续从事本职业工作3个月4天"]
    assert all(c["missing"] for c in body["conditions"])


def test_the_issues_example_request_with_every_profile_field(loaded_site, client):
    response = post(client, FULL_REQUEST)

    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is True
    assert body["met"] == [1, 3, 4, 5]
    assert [c["number"] for c in body["conditions"] if c["met"]] == body["met"]


def test_work_periods_that_overlap_or_touch_merge(loaded_site, client):
    body = request_for("2018-01-01")
    body["profile"]["work"] = [
        {"relation": "same", "start": "2018-01-01", "end": "2021-06-30"},
        {"relation": "same", "start": "2021-06-30", "end": "2023-12-31"},
        {"relation": "same", "start": "2023-06-01", "end": None},
    ]

    assert post(client, body).json()["met"] == [1]


def test_an_occupation_without_specialties_takes_specialty_null(loaded_site, client):
    body = request_for("2025-11-25", occupation="计算机程序设计员", specialty=None, level=5)
    body["profile"]["work"][0]["relation"] = "related"

    response = post(client, body)

    assert response.status_code == 200
    assert response.json()["met"] == [1]


def test_as_of_defaults_to_today_in_asia_shanghai(loaded_site, client):
    today = shanghai_today()
    anniversary = years_before(today, 1)
    just_short = anniversary + timedelta(days=1)

    on_time = post(client, request_for(anniversary.isoformat(), level=4, as_of=None))
    short = post(client, request_for(just_short.isoformat(), level=4, as_of=None))
    explicit = post(client, request_for(just_short.isoformat(), level=4, as_of=today.isoformat()))

    assert on_time.json()["met"] == [1]
    assert short.json()["eligible"] is False
    assert short.json()["conditions"][0]["missing"] == ["还需连续从事本职业工作1天"]
    assert short.json() == explicit.json()


@pytest.mark.parametrize(
    "body",
    [
        FULL_REQUEST,
        request_for("2021-03-01"),
        request_for("2010-01-01", level=1),
        request_for("2024-01-01", level=5, occupation="计算机程序设计员", specialty=None),
        request_for(
            "2024-01-01", level=4, occupation="信息通信网络线务员", specialty="综合布线装维员"
        ),
    ],
)
def test_the_api_answers_what_the_service_says(loaded_site, client, body):
    data = {**body["profile"]}

    def day(value):
        return date.fromisoformat(value) if value else None

    applicant = Profile(
        work=[WorkPeriod(w["relation"], day(w["start"]), day(w["end"])) for w in data["work"]],
        certificates=[
            CertificateHeld(c["relation"], c["level"], day(c["issued"]), c["kind"])
            for c in data.get("certificates", [])
        ],
        education=[
            EducationRecord(
                e["type"],
                e["major"],
                e["skill_target"],
                day(e["graduated"]),
                e["final_year_student"],
            )
            for e in data.get("education", [])
        ],
        training=[
            TrainingRecord(t["level"], day(t["completed"])) for t in data.get("training", [])
        ],
        apprenticeship_completed=data.get("apprenticeship_completed", False),
    )
    check = services.eligibility_check(
        occupation=body["occupation"],
        specialty=body["specialty"],
        level=body["level"],
        profile=applicant,
        as_of=day(body["as_of"]),
    )

    assert post(client, body).json() == {
        "eligible": check.verdict.eligible,
        "needs_review": check.verdict.needs_review,
        "met": list(check.verdict.met),
        "conditions": [
            {"number": c.number, "text": c.text, "met": c.met, "missing": list(c.missing)}
            for c in check.verdict.conditions
        ],
    }


def test_the_api_needs_no_csrf_token(loaded_site):
    strict = Client(enforce_csrf_checks=True)

    assert post(strict, request_for("2020-11-25")).status_code == 200


# --- POST /api/v1/eligibility: 404 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"occupation": "厨师"}, "没有找到职业“厨师”。"),
        ({"specialty": "厨师"}, "职业“电子商务师”没有“厨师”这个工种/方向。"),
        (
            {"specialty": None},
            "职业“电子商务师”分工种/方向，请选择其一：网商、跨境电子商务师。",
        ),
        (
            {"occupation": "计算机程序设计员", "specialty": None, "level": 1},
            "“计算机程序设计员”不开展一级/高级技师的认定。",
        ),
        (
            {"occupation": "网络与信息安全管理", "specialty": "信息安全管理员", "level": 5},
            "“信息安全管理员”不开展五级/初级工的认定。",
        ),
        (
            {"occupation": "计算机程序设计员", "specialty": "网商", "level": 4},
            "职业“计算机程序设计员”没有“网商”这个工种/方向。",
        ),
    ],
)
def test_not_offered_answers_404_in_chinese(loaded_site, client, changes, detail):
    response = post(client, {**request_for("2020-11-25"), **changes})

    assert response.status_code == 404
    assert response.json() == {"detail": detail}


# --- POST /api/v1/eligibility: 422 --------------------------------------------------------------


def with_profile(**profile):
    return {**request_for("2020-11-25"), "profile": profile}


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({**request_for("2020-11-25"), "as_of": "2026-02-30"}, ("as_of",)),
        ({**request_for("2020-11-25"), "as_of": "25.11.2026"}, ("as_of",)),
        ({**request_for("2020-11-25"), "as_of": "9999-12-31"}, ("as_of",)),
        ({**request_for("2020-11-25"), "level": 0}, ("level",)),
        ({**request_for("2020-11-25"), "level": 6}, ("level",)),
        ({**request_for("2020-11-25"), "level": "四级"}, ("level",)),
        ({**request_for("2020-11-25"), "occupation": ""}, ("occupation",)),
        ({"specialty": "网商", "level": 3}, ("occupation",)),
        (request_for("2020-13-01"), ("work", 0, "start")),
        (
            with_profile(work=[{"relation": "same", "start": "2021-03-01", "end": "2020-03-01"}]),
            ("work", 0, "end"),
        ),
        (with_profile(work=[{"relation": "x", "start": "2021-03-01"}]), ("work", 0, "relation")),
        (with_profile(education=[{"type": "phd", "major": "same"}]), ("education", 0, "type")),
        (
            with_profile(education=[{"type": "bachelor", "major": "maths"}]),
            ("education", 0, "major"),
        ),
        (
            with_profile(education=[{"type": "bachelor", "major": "same", "skill_target": "x"}]),
            ("education", 0, "skill_target"),
        ),
        (
            with_profile(certificates=[{"relation": "same", "level": 0, "issued": "2020-01-01"}]),
            ("certificates", 0, "level"),
        ),
        (
            with_profile(
                certificates=[
                    {"relation": "same", "level": 4, "issued": "2020-01-01", "kind": "honorary"}
                ]
            ),
            ("certificates", 0, "kind"),
        ),
        (
            with_profile(training=[{"level": 6, "completed": "2024-01-15"}]),
            ("training", 0, "level"),
        ),
        (with_profile(work="since 2019"), ("work",)),
    ],
)
def test_malformed_input_answers_422_naming_the_field(loaded_site, client, body, loc):
    response = post(client, body)

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(tuple(error["loc"][-len(loc) :]) == loc for error in errors), errors


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("", "application/json"),
        ("not json", "application/json"),
        ("{", "application/json"),
        ("[]", "application/json"),
        ("null", "application/json"),
        ('"电子商务师"', "application/json"),
        ('{"occupation": 7, "level": [3], "profile": "x"}', "application/json"),
        ("occupation=电子商务师&level=3", "application/x-www-form-urlencoded"),
        ("\xff\xfe", "application/json"),
    ],
)
def test_never_a_500(loaded_site, client, data, content_type):
    response = client.post(ELIGIBILITY, data, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_dates_after_today_are_refused_in_chinese_naming_each_field(loaded_site, client):
    """Bounds of the profile schema: a certificate issued in the future is refused, not counted
    (and a far date is a 422, never a 500)."""
    far = "9999-12-31"
    body = with_profile(
        work=[{"relation": "same", "start": far}],
        certificates=[{"relation": "same", "level": 1, "issued": far}],
        education=[{"type": "doctor", "major": "same", "graduated": far}],
        training=[{"level": 1, "completed": far}],
    )

    response = post(client, {**body, "as_of": "2100-12-31"})

    assert response.status_code == 422
    errors = {error["field"]: error["msg"] for error in response.json()["detail"]}
    assert errors["profile.work.0.start"] == "开始日期不能晚于今天。"
    assert errors["profile.certificates.0.issued"] == "发证日期不能晚于今天。"
    assert errors["profile.education.0.graduated"].startswith("毕业日期不能晚于")
    assert errors["profile.training.0.completed"] == "结业日期不能晚于今天。"


def test_a_certificate_issued_tomorrow_is_refused(loaded_site, client):
    tomorrow = (shanghai_today() + timedelta(days=1)).isoformat()
    body = with_profile(certificates=[{"relation": "same", "level": 4, "issued": tomorrow}])

    response = post(client, body)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "profile.certificates.0.issued"
    assert error["msg"] == "发证日期不能晚于今天。"


def test_dates_before_1950_are_refused(loaded_site, client):
    body = with_profile(work=[{"relation": "same", "start": "1949-12-31"}])

    [error] = post(client, body).json()["detail"]

    assert (error["field"], error["msg"]) == ("profile.work.0.start", "开始日期不能早于1950年。")


def test_at_most_twenty_rows_of_each_kind(loaded_site, client):
    row = {"relation": "same", "start": "2001-01-01", "end": "2001-02-01"}

    twenty = post(client, with_profile(work=[row] * 20))
    too_many = post(client, with_profile(work=[row] * 21))

    assert twenty.status_code == 200
    assert too_many.status_code == 422
    [error] = too_many.json()["detail"]
    assert error["field"] == "profile.work"
    assert error["msg"] == "最多 20 项"


def test_a_level_certificate_needs_its_level(loaded_site, client):
    body = with_profile(certificates=[{"relation": "same", "issued": "2020-01-01"}])

    [error] = post(client, body).json()["detail"]

    assert (error["field"], error["msg"]) == ("profile.certificates.0.level", "请选择证书等级。")


def test_the_api_docs_call_the_end_date_the_last_day_worked(loaded_site, client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    end = schema["WorkIn"]["properties"]["end"]
    assert end["description"].startswith("最后工作日（在职可不填）")


# --- Limits: body size and requests per address -------------------------------------------------


def test_a_body_over_the_size_limit_answers_413_in_chinese_json(loaded_site, client, settings):
    settings.API_MAX_BODY_BYTES = 16 * 1024
    body = request_for("2020-11-25")
    body["profile"]["padding"] = "x" * 20_000

    response = post(client, body)

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "请求体过大，不能超过 16 KB。"}


def test_a_body_over_djangos_upload_limit_is_the_same_json_413(loaded_site, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048

    response = post(client, {**request_for("2020-11-25"), "padding": "x" * 4096})

    assert response.status_code == 413
    assert response.json() == {"detail": "请求体过大，不能超过 2 KB。"}


def test_a_full_profile_fits_in_the_body_limit(loaded_site, client):
    work = [{"relation": "related", "start": "2001-01-01", "end": "2001-12-31"}] * 20
    certificates = [{"relation": "related", "level": 5, "issued": "2002-01-01"}] * 20
    education = [
        {"type": "bachelor", "major": "other", "graduated": "2000-07-01", "skill_target": None}
    ] * 20
    training = [{"level": 5, "completed": "2003-01-01"}] * 20
    body = with_profile(
        work=work, certificates=certificates, education=education, training=training
    )

    assert post(client, body).status_code == 200


def test_too_many_requests_from_one_address_answer_429_in_chinese(loaded_site, client, settings):
    settings.API_RATE_PER_IP = "3/m"

    answers = [post(client, request_for("2020-11-25")).status_code for _ in range(3)]
    refused = post(client, request_for("2020-11-25"))
    other_address = client.post(
        ELIGIBILITY,
        json.dumps(request_for("2020-11-25")),
        content_type="application/json",
        REMOTE_ADDR="10.1.2.3",
    )

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json() == {"detail": "请求过于频繁，请稍后再试。"}
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get(CATALOGUE).status_code == 429  # every route of the API counts
    assert other_address.status_code == 200


def test_behind_the_proxy_a_claimed_address_does_not_reset_the_count(loaded_site, client, settings):
    settings.API_RATE_PER_IP = "2/m"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def from_claimed(claimed: str):
        return client.post(
            ELIGIBILITY,
            json.dumps(request_for("2020-11-25")),
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"{claimed}, 203.0.113.7",
        )

    statuses = [from_claimed(f"198.51.100.{n}").status_code for n in range(3)]

    assert statuses == [200, 200, 429]
