"""services.eligibility_check / eligibility_overview over the loaded brochure conditions."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from occupations import services
from occupations.eligibility import Profile
from tests.occupations.factories import (
    condition,
    level,
    profile,
    publish_occupation,
    work_clause,
)

AS_OF = date(2026, 11, 25)


def check(work, *, occupation="电子商务师", specialty="网商", level_number=3, as_of=AS_OF):
    return services.eligibility_check(
        occupation=occupation,
        specialty=specialty,
        level=level_number,
        profile=profile(work=work),
        as_of=as_of,
    )


def test_a_year_is_a_calendar_anniversary(loaded_site):
    exactly_six = check([("same", date(2020, 11, 25), None)])
    one_day_short = check([("same", date(2020, 11, 26), None)])

    assert exactly_six.verdict.eligible
    assert exactly_six.verdict.met == [1]
    assert exactly_six.headline == "符合报名条件（满足第1条）"
    assert not one_day_short.verdict.eligible
    assert one_day_short.verdict.conditions[0].missing == ["还需连续从事本职业工作1天"]
    assert one_day_short.headline == "暂不符合：还需连续从事本职业工作1天（对照第1条）"


def test_overlapping_and_touching_periods_merge_into_one_continuous_period(loaded_site):
    overlapping = [("same", date(2018, 1, 1), date(2022, 6, 30)), ("same", date(2021, 1, 1), None)]
    touching = [("same", date(2018, 1, 1), date(2022, 12, 31)), ("same", date(2022, 12, 31), None)]
    next_day = [("same", date(2018, 1, 1), date(2022, 12, 31)), ("same", date(2023, 1, 1), None)]

    for work in (overlapping, touching, next_day):
        assert check(work).verdict.met == [1], work


def test_a_gap_breaks_continuous_work(loaded_site):
    # 4 years 11 months, a one-day gap, then 3 years 10 months: neither period lasts 6 years.
    work = [("same", date(2018, 1, 1), date(2022, 12, 30)), ("same", date(2023, 1, 1), None)]

    result = check(work)

    assert not result.verdict.eligible
    assert result.verdict.conditions[0].missing[0].startswith("还需连续从事本职业工作")


def test_related_work_does_not_count_for_this_occupation(loaded_site):
    result = check([("related", date(2000, 1, 1), None)])

    assert not result.verdict.eligible
    assert result.verdict.conditions[0].missing == ["还需连续从事本职业工作6年"]


def test_cumulative_work_adds_same_and_related_periods(loaded_site):
    # 计算机程序设计员 四级 condition 2: 累计从事本职业或相关职业工作6年(含)以上.
    work = [("related", date(2019, 1, 1), date(2020, 12, 31)), ("same", date(2022, 1, 1), None)]

    result = check(work, occupation="计算机程序设计员", specialty=None, level_number=4)

    assert result.verdict.eligible
    assert result.verdict.met == [2]


def test_several_conditions_met(loaded_site):
    applicant = profile(
        work=[("same", date(2019, 3, 1), None)],
        education=[{"type": "junior_college", "major": "other", "graduated": date(2015, 7, 1)}],
    )

    result = services.eligibility_check(
        occupation="电子商务师", specialty="网商", level=3, profile=applicant, as_of=AS_OF
    )

    assert result.verdict.met == [1, 6]
    assert result.headline == "符合报名条件（满足第1、6条）"
    assert [c.number for c in result.verdict.conditions if c.met] == [1, 6]


@pytest.mark.parametrize(
    ("occupation", "specialty", "level_number", "message"),
    [
        ("厨师", None, 4, "没有找到职业“厨师”。"),
        ("电子商务师", "厨师", 4, "职业“电子商务师”没有“厨师”这个工种/方向。"),
        ("电子商务师", None, 4, "职业“电子商务师”分工种/方向，请选择其一：网商、跨境电子商务师。"),
        ("计算机程序设计员", None, 1, "“计算机程序设计员”不开展一级/高级技师的认定。"),
        ("网络与信息安全管理", "信息安全管理员", 5, "“信息安全管理员”不开展五级/初级工的认定。"),
    ],
)
def test_requirement_not_found_speaks_chinese(
    loaded_site, occupation, specialty, level_number, message
):
    with pytest.raises(services.RequirementNotFound) as error:
        services.eligibility_check(
            occupation=occupation,
            specialty=specialty,
            level=level_number,
            profile=Profile(),
            as_of=AS_OF,
        )

    assert error.value.message == message


def test_a_registration_form_names_the_occupation_by_page_id(loaded_site):
    from occupations.models import OccupationPage

    page = OccupationPage.objects.get(title="电子商务师")
    work = [("same", date(2020, 11, 25), None)]
    by_title = check(work)
    by_id = services.eligibility_check(
        occupation_id=page.pk, specialty="网商", level=3, profile=profile(work=work), as_of=AS_OF
    )

    assert by_id == by_title
    # A name that looks like an id is looked up (and cached) as a name, never as that page.
    with pytest.raises(services.RequirementNotFound):
        services.eligibility_check(
            occupation=f"id:{page.pk}", specialty="网商", level=3, profile=Profile(), as_of=AS_OF
        )
    with pytest.raises(services.RequirementNotFound):
        services.eligibility_check(
            occupation=f"#{page.pk}", specialty="网商", level=3, profile=Profile(), as_of=AS_OF
        )
    assert (
        services.eligibility_check(
            occupation_id=page.pk,
            specialty="网商",
            level=3,
            profile=profile(work=work),
            as_of=AS_OF,
        )
        == by_title
    )
    with pytest.raises(services.RequirementNotFound, match="没有“美工”这个工种"):
        services.eligibility_check(
            occupation_id=page.pk, specialty="美工", level=3, profile=Profile(), as_of=AS_OF
        )
    page.unpublish()
    with pytest.raises(services.RequirementNotFound) as error:
        services.eligibility_check(
            occupation_id=page.pk, specialty="网商", level=3, profile=Profile(), as_of=AS_OF
        )
    assert error.value.message == "该职业目前未开放认定。"


def test_a_condition_only_staff_can_judge_needs_review(index_page):
    free_text = {"type": "free_text", "text": "经单位推荐"}
    publish_occupation(
        index=index_page,
        title="测试职业",
        slug="test-occupation",
        specialties=[
            (
                "",
                [
                    level(
                        4,
                        condition(1, "在本职业连续工作1年以上。", [work_clause(1)]),
                        condition(2, "经单位推荐。", [free_text]),
                    )
                ],
            )
        ],
    )

    result = services.eligibility_check(
        occupation="测试职业", specialty=None, level=4, profile=Profile(), as_of=AS_OF
    )

    assert not result.verdict.eligible
    assert result.verdict.needs_review
    assert result.headline == "需要工作人员审核"


def test_today_is_the_date_in_asia_shanghai(monkeypatch):
    # 2026-11-24 17:30 UTC is already 2026-11-25 01:30 in Asia/Shanghai.
    instant = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr(services, "datetime", FrozenDatetime)

    assert services.today() == date(2026, 11, 25)


def test_today_matches_the_clock_in_shanghai():
    assert services.today() == datetime.now(ZoneInfo("Asia/Shanghai")).date()
