"""Pins occupations/content/requirements.yaml to the brochure and to SCHEMA.md.

The YAML is the reviewed source of truth for the registration conditions (报名条件). These tests
re-derive every condition text from the Traditional-character brochure (OpenCC t2s plus the
repairs of the seeds README), so the data file cannot drift from the source, and check that every
clause has the shape SCHEMA.md describes. They only read files: no database, no Django.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from opencc import OpenCC

ROOT = Path(__file__).resolve().parents[2]
DATA_PATH = ROOT / "occupations/content/requirements.yaml"
SOURCE_PATH = ROOT / "site/content/brochure.zh-Hant.txt"

# Damaged spans of the source as they come out of OpenCC t2s -> the intended text
# (seeds README: lines 51-53, 77-79, 103-105 and 143-145).
REPAIRS = {
    "大学??萍耙陨袭厣I证书": "大学专科及以上毕业证书",
    "大学??萍耙?,上毕业证书": "大学专科及以上毕业证书",
    "大学??萍耙陨蠈W历证书": "大学专科及以上学历证书",
}
LEVEL_NUMERALS = {"五": 5, "四": 4, "三": 3, "二": 2, "一": 1}

EXPECTED_OCCUPATIONS = {
    "电子商务师": ["网商", "跨境电子商务师"],
    "动画制作员": [],
    "计算机程序设计员": [],
    "计算机软件测试员": [],
    "网络与信息安全管理": ["信息安全管理员"],
    "信息通信网络机务员": ["电信交换", "电力通信", "电信传输", "数据通信", "移动通信"],
    "信息通信网络线务员": [
        "宽带接入装维员",
        "通信网络电缆线务员",
        "信息网络通讯施工员",
        "综合布线装维员",
    ],
    "信息通信网络运行管理员": [],
}

SCHOOL_TYPES = {
    "technical_school",
    "secondary_vocational",
    "senior_technical_school",
    "technician_college",
    "higher_vocational",
    "junior_college",
    "bachelor",
    "master",
    "doctor",
}
MODES = {"continuous", "cumulative"}
RELATIONS = {"same", "same_or_related"}
MAJORS = {"same", "related", "other"}
SKILL_TARGETS = {"intermediate", "advanced", None}
CERTIFICATE_KINDS = {"level", "preparatory_technician"}
WORK_FIELDS = {"years", "mode", "relation", "inclusive"}
# type -> (required fields, optional fields), besides `type`
CLAUSE_FIELDS = {
    "work_experience": (WORK_FIELDS, set()),
    "certificate": ({"level", "relation", "kind"}, {"work_after"}),
    "education": (
        {"types", "and_above", "majors", "skill_target", "final_year_students"},
        {"work_after"},
    ),
    "graduated_years": ({"types", "years", "inclusive"}, set()),
    "training": ({"level"}, set()),
    "apprenticeship": ({"relation"}, set()),
    "free_text": ({"text"}, set()),
}


# --- helpers ---------------------------------------------------------------------------------


def load_data():
    with DATA_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def parse_source():
    """The brochure's occupations as [(occupation, specialty or None, level, [texts])]."""
    cc = OpenCC("t2s")
    lines = SOURCE_PATH.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "14") + 1
    blocks = []
    occupation = specialty = None
    for raw in lines[start:]:
        line = cc.convert(raw).strip()
        for damaged, intended in REPAIRS.items():
            line = line.replace(damaged, intended)
        if not line:
            continue
        if line.startswith("报名电话"):
            break
        if m := re.fullmatch(r"[一二三四五六七八九十]+、(.+)职业", line):
            occupation, specialty = m[1], None
        elif m := re.fullmatch(r"\d+、(.+?)\s*报名条件", line):
            specialty = m[1]
        elif m := re.fullmatch(r"([一二三四五])级/.+", line):
            blocks.append((occupation, specialty, LEVEL_NUMERALS[m[1]], []))
        elif m := re.fullmatch(r"(\d+)、(.*)", line):
            texts = blocks[-1][3]
            assert int(m[1]) == len(texts) + 1, f"condition out of order in source: {line}"
            texts.append(m[2].strip())
        else:
            raise AssertionError(f"unrecognised source line: {line}")
    return blocks


def level_sets(data):
    """[(occupation name, specialty name or None, level dict)] in file order."""
    out = []
    for occ in data["occupations"]:
        if occ["specialties"]:
            for spec in occ["specialties"]:
                out.extend((occ["name"], spec["name"], lv) for lv in spec["levels"])
        else:
            out.extend((occ["name"], None, lv) for lv in occ["levels"])
    return out


def all_conditions(data):
    for occ, spec, lv in level_sets(data):
        for cond in lv["conditions"]:
            yield occ, spec, lv["level"], cond


def all_clauses(data):
    for occ, spec, level, cond in all_conditions(data):
        for alt in cond["alternatives"]:
            for clause in alt["clauses"]:
                yield (occ, spec, level, cond["number"]), clause


def condition(data, occupation, specialty, level, number):
    for occ, spec, lv, cond in all_conditions(data):
        if (occ, spec, lv, cond["number"]) == (occupation, specialty, level, number):
            return cond
    raise AssertionError(f"no condition {occupation}/{specialty}/{level}/{number}")


def clause_lists(cond):
    return [alt["clauses"] for alt in cond["alternatives"]]


def work(years, mode, relation):
    return {
        "type": "work_experience",
        "years": years,
        "mode": mode,
        "relation": relation,
        "inclusive": True,
    }


@pytest.fixture(scope="module")
def data():
    return load_data()


# --- 1. totals and structure -----------------------------------------------------------------


def test_totals(data):
    occupations = data["occupations"]
    assert len(occupations) == 8
    assert {o["name"]: [s["name"] for s in o["specialties"]] for o in occupations} == (
        EXPECTED_OCCUPATIONS
    )
    assert sum(len(o["specialties"]) for o in occupations) == 12
    assert len(level_sets(data)) == 73
    assert len(list(all_conditions(data))) == 230


def test_occupation_fields(data):
    occupations = data["occupations"]
    assert [o["source_section"] for o in occupations] == list("一二三四五六七八")
    slugs = [o["slug"] for o in occupations]
    slugs += [s["slug"] for o in occupations for s in o["specialties"]]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    for occ in occupations:
        assert occ["code"] is None or re.fullmatch(r"\d-\d\d-\d\d-\d\d", occ["code"])
        if occ["specialties"]:
            assert "levels" not in occ, occ["name"]
        else:
            assert occ["specialties"] == [] and occ["levels"], occ["name"]


def test_levels_and_numbers(data):
    per_owner = {}
    for occ, spec, lv in level_sets(data):
        per_owner.setdefault((occ, spec), []).append(lv["level"])
        numbers = [c["number"] for c in lv["conditions"]]
        assert numbers == list(range(1, len(numbers) + 1)), (occ, spec, lv["level"])
    for owner, levels in per_owner.items():
        assert set(levels) <= {1, 2, 3, 4, 5}, owner
        assert len(levels) == len(set(levels)), owner
        assert levels == sorted(levels, reverse=True), owner
    assert per_owner[("计算机程序设计员", None)] == [5, 4, 3, 2]
    assert per_owner[("网络与信息安全管理", "信息安全管理员")] == [4, 3, 2, 1]
    assert per_owner[("信息通信网络运行管理员", None)] == [4, 3, 2, 1]


def test_condition_key_order(data):
    for occ, spec, level, cond in all_conditions(data):
        assert list(cond) in (
            ["number", "text", "alternatives"],
            ["number", "text", "note", "alternatives"],
        ), (occ, spec, level, cond["number"])


# --- 2. texts re-derived from the brochure ---------------------------------------------------


def test_texts_match_the_brochure(data):
    source = [(occ, spec, level, texts) for occ, spec, level, texts in parse_source()]
    yaml_side = [
        (occ, spec, lv["level"], [c["text"] for c in lv["conditions"]])
        for occ, spec, lv in level_sets(data)
    ]
    assert len(source) == 73
    assert yaml_side == source


def test_repairs_applied_and_no_damage_left(data):
    texts = [cond["text"] for *_, cond in all_conditions(data)]
    assert not any("?" in t for t in texts)
    repaired = [t for t in texts if "大学专科及以上" in t]
    assert len(repaired) == 12  # 3 per 电子商务师 specialty, 3 each in 动画制作员/软件测试员
    assert sum("大学专科及以上学历证书" in t for t in texts) == 6


# --- 3. clauses follow SCHEMA.md -------------------------------------------------------------


def check_work(fields, where):
    assert set(fields) == WORK_FIELDS, where
    assert type(fields["years"]) is int and fields["years"] > 0, where
    assert fields["mode"] in MODES, where
    assert fields["relation"] in RELATIONS, where
    assert fields["inclusive"] is True, where  # every published bound is 以上 / (含)以上


def check_types(types, where):
    assert isinstance(types, list) and types, where
    assert len(types) == len(set(types)) and set(types) <= SCHOOL_TYPES, where


def test_every_condition_has_alternatives_with_clauses(data):
    for occ, spec, level, cond in all_conditions(data):
        where = (occ, spec, level, cond["number"])
        assert isinstance(cond["text"], str) and cond["text"] == cond["text"].strip(), where
        assert cond["alternatives"], where
        for alt in cond["alternatives"]:
            assert list(alt) == ["clauses"] and alt["clauses"], where
        if "note" in cond:
            assert isinstance(cond["note"], str) and cond["note"].strip(), where


def test_clauses_have_known_types_and_fields(data):
    for where, clause in all_clauses(data):
        kind = clause.get("type")
        assert kind in CLAUSE_FIELDS, where
        required, optional = CLAUSE_FIELDS[kind]
        keys = set(clause) - {"type"}
        assert required <= keys <= required | optional, (where, keys)
        if kind == "work_experience":
            check_work({k: clause[k] for k in WORK_FIELDS}, where)
        elif kind == "certificate":
            assert clause["kind"] in CERTIFICATE_KINDS, where
            assert clause["relation"] in RELATIONS, where
            if clause["kind"] == "preparatory_technician":
                assert clause["level"] is None, where
            else:
                assert clause["level"] in {1, 2, 3, 4, 5}, where
        elif kind == "education":
            check_types(clause["types"], where)
            assert type(clause["and_above"]) is bool, where
            majors = clause["majors"]
            assert isinstance(majors, list), where
            assert len(majors) == len(set(majors)) and set(majors) <= MAJORS, where
            assert clause["skill_target"] in SKILL_TARGETS, where
            assert type(clause["final_year_students"]) is bool, where
        elif kind == "graduated_years":
            check_types(clause["types"], where)
            assert type(clause["years"]) is int and clause["years"] > 0, where
            assert clause["inclusive"] is True, where
        elif kind == "training":
            assert clause["level"] in {1, 2, 3, 4, 5}, where
        elif kind == "apprenticeship":
            assert clause["relation"] in RELATIONS, where
        elif kind == "free_text":
            assert isinstance(clause["text"], str) and clause["text"].strip(), where
        if "work_after" in clause:
            check_work(clause["work_after"], where)


def test_or_splits_into_alternatives(data):
    for occ, spec, level, cond in all_conditions(data):
        text = cond["text"]
        expected = text.count(";或") + 1
        if text.startswith("本科生") and "硕士、博士研究生" in text:
            expected = 2
        assert len(cond["alternatives"]) == expected, (occ, spec, level, cond["number"])


def test_same_text_same_clauses(data):
    """Identical published conditions (repeated specialties, copied occupations) agree."""
    by_text = {}
    for occ, spec, level, cond in all_conditions(data):
        by_text.setdefault(cond["text"], []).append(((occ, spec, level), cond["alternatives"]))
    for text, uses in by_text.items():
        first = uses[0][1]
        for where, alternatives in uses[1:]:
            assert alternatives == first, (text, where)


def test_clause_type_usage(data):
    counts = Counter(clause["type"] for _, clause in all_clauses(data))
    assert set(counts) <= set(CLAUSE_FIELDS)
    assert counts["free_text"] == 0  # every published condition fits a typed clause


# --- 4. spot checks, one or more per occupation ------------------------------------------------


def test_spot_e_commerce(data):
    cond = condition(data, "电子商务师", "网商", 3, 6)
    assert cond["text"] == "具有非本专业大学专科及以上毕业证书,连续从事本职业工作1年以上。"
    [[education, experience]] = clause_lists(cond)
    assert education["type"] == "education"
    assert education["types"] == ["junior_college"]
    assert education["and_above"] is True
    assert education["majors"] == ["related", "other"]
    assert "work_after" not in education
    assert experience == work(1, "continuous", "same")

    cond = condition(data, "电子商务师", "跨境电子商务师", 1, 4)
    assert clause_lists(cond) == [
        [{"type": "graduated_years", "types": ["bachelor"], "years": 13, "inclusive": True}],
        [
            {
                "type": "graduated_years",
                "types": ["master", "doctor"],
                "years": 8,
                "inclusive": True,
            }
        ],
    ]

    cond = condition(data, "电子商务师", "网商", 2, 3)
    [[certificate, training]] = clause_lists(cond)
    assert (certificate["level"], certificate["kind"]) == (3, "level")  # 助理电子商务师
    assert certificate["work_after"] == {
        "years": 4,
        "mode": "continuous",
        "relation": "same",
        "inclusive": True,
    }
    assert training == {"type": "training", "level": 2}  # 电子商务师


def test_spot_animation_producer(data):
    cond = condition(data, "动画制作员", None, 2, 4)
    [[education]] = clause_lists(cond)
    assert education["types"] == ["bachelor"]
    assert education["and_above"] is False
    assert education["majors"] == ["same", "related"]
    assert education["work_after"] == {
        "years": 5,
        "mode": "continuous",
        "relation": "same",
        "inclusive": True,
    }
    assert condition(data, "动画制作员", None, 2, 1)["text"] == "连续从事本职业工作13 年以上。"


def test_spot_computer_programmer(data):
    cond = condition(data, "计算机程序设计员", None, 2, 2)
    [first, second] = clause_lists(cond)
    assert first[0]["level"] == 3 and first[0]["relation"] == "same_or_related"
    assert first[1]["types"] == ["senior_technical_school", "technician_college"]
    assert first[2] == work(3, "cumulative", "same_or_related")
    assert second[0]["kind"] == "preparatory_technician" and second[0]["level"] is None
    assert second[1]["types"] == ["technician_college"]
    assert second[2] == work(2, "cumulative", "same_or_related")

    [[apprenticeship]] = clause_lists(condition(data, "计算机程序设计员", None, 5, 2))
    assert apprenticeship == {"type": "apprenticeship", "relation": "same_or_related"}


def test_spot_software_tester_is_loaded_as_published(data):
    cond = condition(data, "计算机软件测试员", None, 4, 3)
    assert "中级动画绘制员" in cond["text"]
    assert clause_lists(cond) == [[{"type": "training", "level": 4}]]
    tester = [c for o, _, _, c in all_conditions(data) if o == "计算机软件测试员"]
    animation = [c for o, _, _, c in all_conditions(data) if o == "动画制作员"]
    assert [c["text"] for c in tester] == [c["text"] for c in animation]
    assert all("动画制作员" in c.get("note", "") for c in tester)


def test_spot_information_security(data):
    cond = condition(data, "网络与信息安全管理", "信息安全管理员", 3, 5)
    [[education, experience]] = clause_lists(cond)
    assert education["types"] == ["junior_college"] and education["and_above"] is True
    assert education["majors"] == ["same", "related"]
    assert experience == work(1, "continuous", "same")

    cond = condition(data, "网络与信息安全管理", "信息安全管理员", 4, 3)
    [[education]] = clause_lists(cond)
    assert education["skill_target"] == "intermediate" and education["majors"] == ["same"]
    assert "审核认定" in cond["note"]


def test_spot_ict_network_technician(data):
    cond = condition(data, "信息通信网络机务员", "电信交换", 4, 3)
    [first, second] = clause_lists(cond)
    assert first[0]["types"] == ["technical_school"] and first[0]["final_year_students"]
    assert second[0]["types"] == ["secondary_vocational"] and second[0]["and_above"]
    assert second[0]["skill_target"] == "intermediate"
    assert first[-1] == second[-1] == work(1, "cumulative", "same")

    [[certificate]] = clause_lists(condition(data, "信息通信网络机务员", "移动通信", 3, 1))
    assert (certificate["level"], certificate["relation"]) == (4, "same_or_related")
    assert certificate["work_after"]["relation"] == "same"
    assert certificate["work_after"]["mode"] == "cumulative"


def test_spot_ict_network_lineman(data):
    cond = condition(data, "信息通信网络线务员", "综合布线装维员", 3, 3)
    [[education, certificate]] = clause_lists(cond)
    assert education["types"] == ["junior_college"] and education["and_above"] is True
    assert certificate["level"] == 4 and certificate["relation"] == "same_or_related"
    assert certificate["work_after"] == {
        "years": 2,
        "mode": "cumulative",
        "relation": "same_or_related",
        "inclusive": True,
    }
    cond = condition(data, "信息通信网络线务员", "宽带接入装维员", 3, 2)
    assert all("work_after" not in c for c in clause_lists(cond)[0])
    assert len(clause_lists(cond)) == 2


def test_spot_ict_network_operations(data):
    cond = condition(data, "信息通信网络运行管理员", None, 1, 4)
    [[education]] = clause_lists(cond)
    assert education["types"] == ["bachelor"] and education["and_above"] is True
    assert education["majors"] == ["same", "related"]
    assert education["work_after"]["years"] == 5
