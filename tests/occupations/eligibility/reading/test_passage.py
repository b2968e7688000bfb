"""A level's whole 申报条件 passage split into its numbered conditions."""

from occupations.eligibility.reading import split_passage

PASSAGE = """具备以下条件之一者，可申报三级/高级工：
（1）取得本职业或相关职业四级/中级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作5年（含）以上。
（2）取得本职业或相关职业四级/中级工职业资格证书（技能等级证书），并具有高级技工学校、技师学院毕业证书（含尚未取得毕业证书的在校应届毕业生）。
（3）具有大专及以上本专业或相关专业毕业证书，并取得本职业或相关职业四级/中级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作2年（含）以上。
"""


def test_numbered_items_become_conditions_and_the_heading_names_the_level():
    passage = split_passage(PASSAGE)
    assert passage.level == 3
    assert passage.heading == "具备以下条件之一者,可申报三级/高级工:"
    assert [item.number for item in passage.items] == [1, 2, 3]
    assert passage.items[0].text.startswith(
        "取得本职业或相关职业四级/中级工职业资格证书(技能等级证书)后"
    )
    assert passage.items[2].text.endswith("2年(含)以上。")


def test_items_run_on_in_one_line_and_in_traditional_characters():
    passage = split_passage(
        "具備以下條件之一者，可申報五級/初級工：(1)累計從事本職業或相關職業工作1年（含）以上。(2)本職業或相關職業學徒期滿。"
    )
    assert passage.level == 5
    assert [(i.number, i.text) for i in passage.items] == [
        (1, "累计从事本职业或相关职业工作1年(含)以上。"),
        (2, "本职业或相关职业学徒期满。"),
    ]


def test_other_numberings():
    assert [
        i.number for i in split_passage("1. 在本职业连续工作1年以上。\n2、本职业学徒期满。").items
    ] == [1, 2]
    assert [
        i.text for i in split_passage("①连续从事本职业工作6年以上。②本职业学徒期满。").items
    ] == [
        "连续从事本职业工作6年以上。",
        "本职业学徒期满。",
    ]


def test_years_inside_a_condition_are_not_item_numbers():
    passage = split_passage("(1)取得本职业中级职业资格证书后,连续从事本职业工作2年以上。")
    assert len(passage.items) == 1


def test_unnumbered_lines_after_a_heading_are_conditions_in_order():
    passage = split_passage("申报条件：\n连续从事本职业工作1年以上\n本职业学徒期满\n")
    assert passage.heading == "申报条件:"
    assert [(i.number, i.text) for i in passage.items] == [
        (1, "连续从事本职业工作1年以上"),
        (2, "本职业学徒期满"),
    ]


def test_a_heading_starting_with_the_level_names_it():
    passage = split_passage("三级（具备以下条件之一者）\n（1）连续从事本职业工作6年以上。")
    assert passage.level == 3
    assert split_passage("申报条件：\n（1）连续从事本职业工作6年以上。").level is None
