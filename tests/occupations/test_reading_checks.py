"""The content check that compares each condition's clauses with what the parser reads from its
text, and lists every disagreement."""

import pytest

from occupations.content_checks import check_condition
from tests.occupations.factories import ConditionDataFactory, training_clause, work_clause

OWN = {"电子商务师", "电子商务员", "助理电子商务师", "高级电子商务师"}


def findings(text, *alternatives):
    condition = ConditionDataFactory(text=text, alternatives=list(alternatives))
    return list(check_condition(condition, own_terms=OWN, foreign={}))


def certificate(level, *, relation="same", work_after=None):
    clause = {"type": "certificate", "level": level, "relation": relation, "kind": "level"}
    return {**clause, "work_after": work_after} if work_after else clause


def education(types, *, majors=(), and_above=False, target=None, final=False):
    return {
        "type": "education",
        "types": list(types),
        "and_above": and_above,
        "majors": list(majors),
        "skill_target": target,
        "final_year_students": final,
    }


AFTER_4 = {"years": 4, "mode": "continuous", "relation": "same", "inclusive": True}


def test_clauses_equal_to_the_reading_are_no_finding():
    assert (
        findings(
            "取得本职业电子商务员职业资格证书后,连续从事本职业工作4年以上。",
            [certificate(4, work_after=AFTER_4)],
        )
        == []
    )


def test_an_old_certificate_name_now_reads_as_its_level():
    # 助理电子商务师 is level 3 for this occupation; clauses saying 4 are caught.
    assert findings(
        "取得本职业助理电子商务师职业资格证书后,连续从事本职业工作4年以上。",
        [certificate(4, work_after=AFTER_4)],
    ) == [("certificate_level", "文字中的证书等级（三级/高级工）与条款（四级/中级工）不一致。")]


def test_majors_are_compared():
    assert findings(
        "具有非本专业大学专科及以上毕业证书。",
        [education(["junior_college"], majors=["same"], and_above=True)],
    ) == [("majors", "文字中的专业（相关专业、其他专业）与条款（本专业）不一致。")]


def test_what_the_facts_do_not_show_is_shown_as_two_sentences():
    # 及以上 forgotten in the clause: types, majors, years all agree.
    [(kind, message)] = findings(
        "具有本专业大学专科及以上毕业证书。", [education(["junior_college"], majors=["same"])]
    )
    assert kind == "clauses"
    assert (
        message
        == "文字读作“具有大学专科及以上本专业毕业证书”，条款为“具有大学专科本专业毕业证书”。"
    )


def test_years_counted_after_the_certificate_are_not_separate_years():
    [(kind, message)] = findings(
        "取得本职业电子商务员职业资格证书后,连续从事本职业工作4年以上。",
        [certificate(4), work_clause(4)],
    )
    assert kind == "clauses"
    assert "取得后" not in message and "后，连续从事本职业工作4年(含)以上" in message


def test_the_number_of_ways_must_agree():
    text = "本科生毕业13年以上,硕士、博士研究生毕业8年以上。"
    one = {
        "type": "graduated_years",
        "types": ["bachelor", "master", "doctor"],
        "years": 13,
        "inclusive": True,
    }
    assert ("alternatives", "文字列出2种满足方式，条款有1个方案。") in findings(text, [one])


def test_ways_in_another_order_are_no_finding_and_a_difference_names_its_way():
    text = "取得技工学校本专业或相关专业毕业证书;或取得中等职业学校本专业毕业证书"
    technical = education(["technical_school"], majors=["same", "related"])
    secondary = education(["secondary_vocational"], majors=["same"])
    assert findings(text, [secondary], [technical]) == []
    wrong = education(["secondary_vocational"], majors=["same", "related"])
    assert findings(text, [technical], [wrong]) == [
        ("majors", "方案2：文字中的专业（本专业）与条款（本专业、相关专业）不一致。")
    ]


@pytest.mark.parametrize(
    "text, clause, kind",
    [
        ("在本职业连续工作3年以上。", work_clause(2), "years"),
        ("累计从事本职业或相关职业工作1年(含)以上", work_clause(1, mode="cumulative"), "relation"),
        ("累计从事本职业工作1年(含)以上", work_clause(1), "mode"),
        (
            "经本职业高级正规培训达规定标准学时数,并取得结业证书。",
            training_clause(2),
            "training_level",
        ),
    ],
)
def test_each_kind_of_disagreement(text, clause, kind):
    assert [k for k, _m in findings(text, [clause])] == [kind]


def test_where_words_stay_unread_the_literal_comparison_still_runs():
    # 见习 is not read; the literal check still sees the years disagree.
    assert findings("在本职业连续见习工作3年以上。", [work_clause(2)]) == [
        ("years", "文字中的年数（3）与条款（2）不一致。")
    ]
