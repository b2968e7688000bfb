"""The eligibility edge cases as the API answers them: the end of a work period is the last day
worked, and a training target (培养目标) left blank needs review, not "no"."""

from tests.occupations.test_api import post


def level_4_request(profile):
    # 电子商务师（网商）四级, condition 1: 在本职业连续工作1年以上。
    return {
        "occupation": "电子商务师",
        "specialty": "网商",
        "level": 4,
        "as_of": "2025-11-25",
        "profile": profile,
    }


def test_a_year_worked_to_its_last_day_is_one_full_year(loaded_site, client):
    worked_2024 = {"work": [{"relation": "same", "start": "2024-01-01", "end": "2024-12-31"}]}

    body = post(client, level_4_request(worked_2024)).json()

    assert body["eligible"] is True
    assert body["conditions"][0]["met"] is True


def test_a_blank_training_target_needs_review(loaded_site, client):
    # 电子商务师（网商）三级, condition 2: 具有以高级技能为培养目标的高级技工学校、技师学院和
    # 职业技术学院本专业毕业证书。
    college = {"type": "technician_college", "major": "same", "graduated": "2020-07-01"}
    request = {**level_4_request({"education": [{**college, "skill_target": None}]}), "level": 3}

    body = post(client, request).json()

    assert (body["eligible"], body["needs_review"]) == (False, True)
    condition = body["conditions"][1]
    assert condition["met"] is None
    assert condition["missing"][0].startswith("需由工作人员审核培养目标（您未填写）")
    filled = {**request, "profile": {"education": [{**college, "skill_target": "advanced"}]}}
    assert post(client, filled).json()["eligible"] is True
