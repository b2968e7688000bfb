"""The parser as a whole: ways of meeting a condition, what stays unread, Traditional text, the
school's reviewed data, and a new clause type bringing its own reading."""

import json
from pathlib import Path

import pytest
import yaml

from occupations.eligibility import ClauseFacts, ClauseOutcome, ClauseType, register, unregister
from occupations.eligibility.blocks import ClauseBlock, years_block
from occupations.eligibility.reading import (
    Reading,
    ReadingContext,
    read_condition,
    same_clauses,
)

REQUIREMENTS = Path(__file__).resolve().parents[4] / "occupations/content/requirements.yaml"
TESTER = ReadingContext.for_occupation("信息通信网络机务员")


def test_a_clause_after_the_last_way_that_no_other_way_has_applies_to_every_way():
    reading = read_condition(
        "取得技工学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生);或取得经评估论证、"
        "以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书"
        "(含尚未取得毕业证书的在校应届毕业生),累计从事本职业工作1年(含)以上",
        TESTER,
    )
    assert reading.complete
    assert [[c["type"] for c in way] for way in reading.alternatives] == [
        ["education", "work_experience"],
        ["education", "work_experience"],
    ]
    assert reading.alternatives[0][1] == reading.alternatives[1][1]
    assert reading.notes == ("“经评估论证”只能由证明材料体现，不作为条款，请审核时核对。",)


def test_ways_with_their_own_years_keep_them():
    reading = read_condition(
        "取得本职业三级/高级工职业资格证书(技能等级证书)的高级技工学校、技师学院毕业生,"
        "累计从事本职业工作3年(含)以上;或取得本职业预备技师证书的技师学院毕业生,"
        "累计从事本职业工作2年(含)以上",
        TESTER,
    )
    assert reading.complete
    years = [
        [c.get("years") for c in way if c["type"] == "work_experience"]
        for way in reading.alternatives
    ]
    assert years == [[3], [2]]


def test_or_within_a_way_is_never_read_as_and():
    reading = read_condition("具有本专业大学本科学历证书或取得本职业技师职业资格证书", TESTER)
    assert not reading.complete
    assert reading.unread == ("或取得本职业技师职业资格证书",)
    assert [[c["type"] for c in way] for way in reading.alternatives] == [["education"]]


def test_a_bare_semicolon_is_reported_not_taken_for_or():
    reading = read_condition("本职业学徒期满;累计从事本职业工作6年(含)以上", TESTER)
    assert reading.unread == (";",)
    assert not reading.complete


def test_readable_parts_are_read_and_the_rest_reported():
    reading = read_condition("年满18周岁,累计从事本职业工作2年(含)以上", TESTER)
    assert reading.alternatives == (
        (
            {
                "type": "work_experience",
                "years": 2,
                "mode": "cumulative",
                "relation": "same",
                "inclusive": True,
            },
        ),
    )
    assert reading.unread == ("年满18周岁",)
    assert not reading.complete


def test_traditional_text_is_converted_first():
    traditional = read_condition(
        "取得本職業或相關職業五級/初級工職業資格證書（技能等級證書）後，累計從事本職業工作4年（含）以上。",
        TESTER,
    )
    simplified = read_condition(
        "取得本职业或相关职业五级/初级工职业资格证书(技能等级证书)后,累计从事本职业工作4年(含)以上",
        TESTER,
    )
    assert traditional.complete
    assert traditional.alternatives == simplified.alternatives
    assert traditional.text == simplified.text


def test_empty_text_reads_nothing():
    reading = read_condition("  ", TESTER)
    assert reading.alternatives == () and reading.unread == ()
    assert not reading.complete


# --- the school's reviewed data -------------------------------------------------------------


def distinct_conditions():
    data = yaml.safe_load(REQUIREMENTS.read_text(encoding="utf-8"))
    seen = {}
    for occupation in data["occupations"]:
        context = ReadingContext.for_occupation(occupation["name"], occupation.get("aliases") or ())
        for owner in occupation.get("specialties") or [occupation]:
            for level in owner.get("levels") or ():
                for condition in level["conditions"]:
                    reviewed = [a["clauses"] for a in condition["alternatives"]]
                    seen.setdefault(condition["text"], (context, reviewed))
    return seen


def test_every_distinct_condition_of_the_school_reads_as_reviewed():
    conditions = distinct_conditions()
    assert len(conditions) > 80
    differing = {
        text: json.dumps(read_condition(text, context).alternatives, ensure_ascii=False)
        for text, (context, reviewed) in conditions.items()
        if not (
            read_condition(text, context).complete
            and same_clauses(read_condition(text, context).alternatives, reviewed)
        )
    }
    assert len(differing) <= 0.05 * len(conditions), differing


def test_same_clauses_sees_a_difference_in_any_field():
    clause = {"type": "training", "level": 3}
    assert same_clauses([[clause]], [[dict(clause)]])
    assert not same_clauses([[clause]], [[{"type": "training", "level": 2}]])
    assert not same_clauses([[clause], [clause]], [[clause]])


# --- a new clause type brings its own reading ---------------------------------------------------


class AgeBlock(ClauseBlock):
    years = years_block(label="年满周岁")


class MinimumAge(ClauseType):
    block = AgeBlock
    example = {"years": 16}
    readings = (Reading(r"年满(?P<n>\d+)周岁", lambda m, context: {"years": int(m.group("n"))}),)

    def evaluate(self, params, profile, *, as_of):
        return ClauseOutcome.review("需核对年龄")

    def describe(self, params):
        return f"年满{params['years']}周岁"

    def facts(self, params):
        return ClauseFacts()


@pytest.fixture
def minimum_age():
    register("minimum_age")(MinimumAge)
    yield
    unregister("minimum_age")


def test_a_registered_clause_type_reads_its_own_wording(minimum_age):
    reading = read_condition("年满16周岁,累计从事本职业或相关职业工作1年(含)以上", TESTER)
    assert reading.complete
    assert reading.alternatives[0][0] == {"type": "minimum_age", "years": 16}


def test_without_the_type_its_wording_is_unread():
    reading = read_condition("年满16周岁", TESTER)
    assert reading.unread == ("年满16周岁",)
