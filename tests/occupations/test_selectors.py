"""Reads of occupations, specialties, levels and conditions as plain data."""

from occupations import selectors
from occupations.models import OccupationPage

ALL_LEVELS = [5, 4, 3, 2, 1]


def specialty(occupation: str, name: str = ""):
    return OccupationPage.objects.get(title=occupation).specialties.get(name=name)


def test_levels_come_lowest_first_with_their_published_titles(loaded_site):
    levels = selectors.specialty_levels(specialty("信息通信网络机务员", "电信交换"))

    assert [item.level for item in levels] == ALL_LEVELS
    assert [item.title for item in levels] == [
        "五级/初级工",
        "四级/中级工",
        "三级/高级工",
        "二级/技师",
        "一级/高级技师",
    ]
    assert [len(item.conditions) for item in levels] == [3, 3, 3, 2, 1]


def test_conditions_are_plain_data_in_published_order(loaded_site):
    level_4 = selectors.specialty_levels(specialty("电子商务师", "网商"))[0]

    assert level_4.level == 4
    assert [c.number for c in level_4.conditions] == [1, 2, 3]
    first = level_4.conditions[0]
    assert first.text == "在本职业连续工作1年以上。"
    assert first.alternatives == [
        [
            {
                "type": "work_experience",
                "years": 1,
                "mode": "continuous",
                "relation": "same",
                "inclusive": True,
            }
        ]
    ]
    assert level_4.conditions[2].alternatives == [[{"type": "training", "level": 4}]]


def test_offered_levels_per_occupation(loaded_site):
    offered = {page.title: selectors.offered_levels(page) for page in selectors.live_occupations()}

    assert offered == {
        "电子商务师": [4, 3, 2, 1],
        "动画制作员": [4, 3, 2, 1],
        "计算机程序设计员": [5, 4, 3, 2],
        "计算机软件测试员": [4, 3, 2, 1],
        "网络与信息安全管理": [4, 3, 2, 1],
        "信息通信网络机务员": ALL_LEVELS,
        "信息通信网络线务员": ALL_LEVELS,
        "信息通信网络运行管理员": [4, 3, 2, 1],
    }


def test_occupations_offering_a_level(index_page):
    def titles(level):
        rows = selectors.occupations_offering(index=index_page, level=level)
        return [row["page"].title for row in rows]

    assert len(titles(None)) == 8
    assert "计算机程序设计员" not in titles(1)
    assert len(titles(1)) == 7
    assert titles(5) == ["计算机程序设计员", "信息通信网络机务员", "信息通信网络线务员"]


def test_occupations_offering_lists_named_specialties_only(index_page):
    rows = {
        row["page"].title: row
        for row in selectors.occupations_offering(index=index_page, level=None)
    }

    assert rows["网络与信息安全管理"]["specialties"] == ["信息安全管理员"]
    assert rows["动画制作员"]["specialties"] == []
    assert [value for value, _label in rows["计算机程序设计员"]["levels"]] == [5, 4, 3, 2]


def test_unpublished_occupations_are_not_listed(loaded_site):
    OccupationPage.objects.get(title="动画制作员").unpublish()

    titles = [page.title for page in selectors.live_occupations()]
    catalogue = [item["name"] for item in selectors.occupation_catalogue()]

    assert "动画制作员" not in titles
    assert "动画制作员" not in catalogue
    assert len(titles) == len(catalogue) == 7
