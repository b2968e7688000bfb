"""Public pages: the occupation pages, the occupations index and the checker (资格自测)."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from occupations import services

CHECKER = "/eligibility/"
LEVEL_TITLES = ["五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]


class RequirementsParser(HTMLParser):
    """What an applicant reads on an occupation page: specialty → level → numbered conditions."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, dict[str, list[tuple[int, str]]]] = {}
        self._tag = None
        self._text = ""
        self._section = None
        self._level = None
        self._number = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3"):
            self._tag, self._text = tag, ""
        elif tag == "li" and self._level is not None and attrs.get("value"):
            self._tag, self._text, self._number = "li", "", int(attrs["value"])

    def handle_data(self, data):
        if self._tag:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._tag:
            return
        text = " ".join(self._text.split())
        if tag == "h2":
            self._section, self._level = text, None
            self.sections[text] = {}
        elif tag == "h3" and self._section is not None:
            self._level = text
            self.sections[self._section][text] = []
        elif tag == "li":
            self.sections[self._section][self._level].append((self._number, text))
        self._tag = None


def requirements(html: str) -> dict[str, dict[str, list[tuple[int, str]]]]:
    parser = RequirementsParser()
    parser.feed(html)
    return parser.sections


def condition_text(sections, section, level_title, number):
    return dict(sections[section][level_title])[number]


def forget_requirements_fragment(url: str) -> None:
    """Render the page's requirements afresh next time (the template caches them per
    publication with Wagtail's wagtailpagecache, in the template_fragments cache: page.cache_key
    and the site vary the key)."""
    from wagtail.models import Site

    from occupations.models import OccupationPage

    page = OccupationPage.objects.get(slug=url.strip("/").rsplit("/", 1)[-1])
    site = Site.objects.get(is_default_site=True)
    key = make_template_fragment_key("occupation-requirements", [page.cache_key, site.pk])
    assert caches["template_fragments"].delete(key), "no such fragment: the key is wrong"


# --- occupation pages ---------------------------------------------------------------------------


@pytest.fixture
def page_of(loaded_site, client):
    def get(slug):
        response = client.get(f"/occupations/{slug}/")
        assert response.status_code == 200
        return response.content.decode(), requirements(response.content.decode())

    return get


def test_e_commerce_lists_both_specialties_with_their_conditions(page_of):
    html, sections = page_of("e-commerce-specialist")

    assert "<h1>电子商务师</h1>" in html
    assert "4-01-06-01" in html
    assert list(sections) == ["网商 报名条件", "跨境电子商务师 报名条件"]
    for section in sections.values():
        assert list(section) == LEVEL_TITLES[1:]
        assert [len(conditions) for conditions in section.values()] == [3, 7, 7, 4]
        assert condition_text(sections, next(iter(sections)), "三级/高级工", 5) == (
            "具有本专业大学专科及以上毕业证书。"
        )
    assert condition_text(sections, "跨境电子商务师 报名条件", "三级/高级工", 5) == (
        "具有本专业大学专科及以上毕业证书。"
    )
    assert condition_text(sections, "网商 报名条件", "一级/高级技师", 4) == (
        "本科生毕业13年以上,硕士、博士研究生毕业8年以上。"
    )


def test_animation_producer(page_of):
    _html, sections = page_of("animation-producer")

    assert list(sections) == ["报名条件"]
    assert list(sections["报名条件"]) == LEVEL_TITLES[1:]
    assert condition_text(sections, "报名条件", "四级/中级工", 2) == (
        "具有中等职业学校本专业 ( 职业 ) 或相关专业毕业证书。"
    )
    assert condition_text(sections, "报名条件", "二级/技师", 1) == "连续从事本职业工作13 年以上。"


def test_computer_programmer_has_no_level_1(page_of):
    _html, sections = page_of("computer-programmer")

    assert list(sections["报名条件"]) == LEVEL_TITLES[:4]
    assert sections["报名条件"]["五级/初级工"] == [
        (1, "累计从事本职业或相关职业工作1年(含)以上。"),
        (2, "本职业或相关职业学徒期满。"),
    ]


def test_software_tester_keeps_the_brochure_text(page_of):
    _html, sections = page_of("software-tester")

    assert list(sections["报名条件"]) == LEVEL_TITLES[1:]
    assert condition_text(sections, "报名条件", "四级/中级工", 3) == (
        "经本职业中级动画绘制员正规培训达规定标准学时数,并取得结业证书。"
    )
    assert len(sections["报名条件"]["三级/高级工"]) == 7


def test_information_security_starts_at_level_4(page_of):
    _html, sections = page_of("network-information-security")

    assert list(sections) == ["信息安全管理员 报名条件"]
    levels = sections["信息安全管理员 报名条件"]
    assert list(levels) == LEVEL_TITLES[1:]
    assert levels["四级/中级工"][1] == (2, "连续从事本职业工作1年以上")
    assert levels["一级/高级技师"][2] == (3, "连续从事本职业工作10年以上。")


def test_ict_network_technician_has_five_specialties_and_five_levels(page_of):
    _html, sections = page_of("ict-network-technician")

    assert list(sections) == [
        f"{name} 报名条件" for name in ("电信交换", "电力通信", "电信传输", "数据通信", "移动通信")
    ]
    for levels in sections.values():
        assert list(levels) == LEVEL_TITLES
        assert [len(conditions) for conditions in levels.values()] == [3, 3, 3, 2, 1]
        assert levels["一级/高级技师"] == [
            (1, "取得本职业二级/技师职业资格证书(技能等级证书)后,累计从事本职业工作4年(含)以上")
        ]


def test_ict_network_lineman_has_four_specialties(page_of):
    _html, sections = page_of("ict-network-lineman")

    assert list(sections) == [
        f"{name} 报名条件"
        for name in ("宽带接入装维员", "通信网络电缆线务员", "信息网络通讯施工员", "综合布线装维员")
    ]
    for levels in sections.values():
        assert [len(conditions) for conditions in levels.values()] == [2, 3, 3, 2, 1]
    assert condition_text(sections, "综合布线装维员 报名条件", "五级/初级工", 2) == (
        "本职业或相关职业学徒期满"
    )


def test_ict_network_operations(page_of):
    _html, sections = page_of("ict-network-operations")

    assert list(sections["报名条件"]) == LEVEL_TITLES[1:]
    assert condition_text(sections, "报名条件", "三级/高级工", 5) == (
        "取得相关专业大专以上(含大专)毕业证书,并连续从事本职业工作1年以上。"
    )


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_biggest_occupation_page_needs_few_queries(
    loaded_site, client, django_assert_max_num_queries
):
    url = "/occupations/ict-network-technician/"
    client.get(url)  # the site's root paths are cached after any first request
    forget_requirements_fragment(url)

    with django_assert_max_num_queries(2):  # the page, then its specialties for the fragment
        response = client.get(url)

    assert response.status_code == 200
    assert (
        sum(len(c) for s in requirements(response.content.decode()).values() for c in s.values())
        == 60
    )


@override_settings(PAGE_CACHE_SECONDS=0)
def test_page_queries_do_not_grow_with_specialties(loaded_site, client):
    def queries(url):
        client.get(url)
        forget_requirements_fragment(url)
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context)

    # 1 unnamed specialty, 17 conditions vs 5 specialties, 60 conditions
    assert queries("/occupations/ict-network-operations/") == queries(
        "/occupations/ict-network-technician/"
    )


def test_occupation_page_links_to_the_checker(page_of):
    html, _sections = page_of("computer-programmer")

    assert (
        f'href="{CHECKER}?target=%E8%AE%A1%E7%AE%97%E6%9C%BA%E7%A8%8B%E5%BA%8F%E8%AE%BE%E8%AE%A1%E5%91%98%7C"'
        in html
    )


# --- the occupations index ----------------------------------------------------------------------


def listed(html: str) -> list[str]:
    return re.findall(r'<a href="/occupations/[^"]+/">\s*([^<\s]+)', html)


@pytest.fixture
def index(loaded_site, client):
    def get(query=""):
        response = client.get(f"/occupations/{query}")
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_index_lists_all_eight(index):
    html = index()

    assert listed(html) == [
        "电子商务师",
        "动画制作员",
        "计算机程序设计员",
        "计算机软件测试员",
        "网络与信息安全管理",
        "信息通信网络机务员",
        "信息通信网络线务员",
        "信息通信网络运行管理员",
    ]
    assert "工种/方向：电信交换、电力通信、电信传输、数据通信、移动通信" in html


def test_index_filters_by_level(index):
    level_1 = listed(index("?level=1"))
    level_5 = listed(index("?level=5"))

    assert len(level_1) == 7
    assert "计算机程序设计员" not in level_1
    assert level_5 == ["计算机程序设计员", "信息通信网络机务员", "信息通信网络线务员"]
    assert '<option value="1" selected>' in index("?level=1")


@pytest.mark.parametrize("query", ["?level=9", "?level=abc", "?level=", "?level=-1", "?level=1.5"])
def test_index_ignores_a_junk_level(index, query):
    html = index(query)

    assert len(listed(html)) == 8
    assert " selected>" not in html.split('id="level"')[1].split("</select>")[0]


# --- the checker (资格自测) ---------------------------------------------------------------------


def formset(prefix, rows, extra=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "10",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def checker_form(target, *, work=(), education=(), certificates=(), training=()):
    """The form as a browser without JavaScript posts it: blank rows included."""
    return {
        "target": target,
        **formset("work", list(work), extra=2 - len(work) if len(work) < 2 else 0),
        **formset("certificates", list(certificates), extra=0 if certificates else 1),
        **formset("education", list(education), extra=0 if education else 1),
        **formset("training", list(training), extra=0 if training else 1),
    }


WORK_SINCE_2019 = {"relation": "same", "start": "2019-03-01", "end": ""}
COLLEGE_OTHER_MAJOR = {
    "type": "junior_college",
    "major": "other",
    "skill_target": "",
    "graduated": "2015-07-01",
}


def headlines(html: str) -> dict[str, str]:
    return dict(re.findall(r'<h3>([^<]+)</h3>\s*<p class="result-headline">([^<]+)</p>', html))


def errors(html: str) -> list[str]:
    return re.findall(r'class="field-error" role="alert">([^<]+)<', html)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: date(2026, 11, 25))


def test_checker_form_has_every_target_and_a_csrf_token(loaded_site, client):
    response = client.get(CHECKER)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    targets = re.findall(r'<option value="([^"|]+\|[^"]*)"', html)
    assert len(targets) == 16
    assert "电子商务师|网商" in targets
    assert "计算机程序设计员|" in targets
    assert 'name="work-TOTAL_FORMS"' in html


def test_checker_preselects_the_target_from_the_link(loaded_site, client):
    html = client.get(CHECKER, {"target": "计算机程序设计员|"}).content.decode()

    assert '<option value="计算机程序设计员|" selected>' in html


def test_checker_shows_every_level_with_headline_and_nearest_miss(loaded_site, client, fixed_today):
    response = client.post(
        CHECKER,
        checker_form("电子商务师|网商", work=[WORK_SINCE_2019], education=[COLLEGE_OTHER_MAJOR]),
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "电子商务师 · 网商：判断结果" in html
    results = headlines(html)
    assert list(results) == ["四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]
    assert results["四级/中级工"] == "符合报名条件（满足第1条）"
    assert results["三级/高级工"] == "符合报名条件（满足第1、6条）"
    assert results["二级/技师"].startswith("暂不符合：还需连续从事本职业工作")
    assert results["二级/技师"].endswith("（对照第1条）")
    assert results["一级/高级技师"].startswith("暂不符合：还需连续从事本职业工作")
    assert '<ul class="missing"><li>还需连续从事本职业工作' in html


def test_checker_for_an_occupation_without_specialties(loaded_site, client, fixed_today):
    work = [{"relation": "related", "start": "2024-01-01", "end": ""}]

    response = client.post(CHECKER, checker_form("计算机程序设计员|", work=work))

    assert response.status_code == 200
    assert list(headlines(response.content.decode())) == LEVEL_TITLES[:4]
    assert headlines(response.content.decode())["五级/初级工"] == "符合报名条件（满足第1条）"


def test_checker_end_before_start_answers_400_and_keeps_the_values(loaded_site, client):
    work = [{"relation": "same", "start": "2019-03-01", "end": "2018-01-01"}]

    response = client.post(
        CHECKER, checker_form("电子商务师|网商", work=work, education=[COLLEGE_OTHER_MAJOR])
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert errors(html) == ["最后工作日不能早于开始日期。"]
    assert 'value="2019-03-01"' in html
    assert 'value="2018-01-01"' in html
    assert 'value="2015-07-01"' in html
    assert '<option value="电子商务师|网商" selected>' in html
    assert "判断结果" not in html


def test_checker_without_a_target_answers_400(loaded_site, client):
    response = client.post(CHECKER, checker_form("", work=[WORK_SINCE_2019]))
    html = response.content.decode()

    assert response.status_code == 400
    assert errors(html) == ["请选择要申报的职业/工种。"]
    assert 'value="2019-03-01"' in html
    assert "判断结果" not in html


def test_checker_with_an_unknown_occupation_answers_400(loaded_site, client):
    response = client.post(CHECKER, checker_form("厨师|", work=[WORK_SINCE_2019]))
    html = response.content.decode()

    assert response.status_code == 400
    assert errors(html) == ["没有找到职业“厨师”。"]
    assert 'value="2019-03-01"' in html


def test_checker_with_an_unknown_specialty_answers_400(loaded_site, client):
    response = client.post(CHECKER, checker_form("电子商务师|厨师", work=[WORK_SINCE_2019]))

    assert response.status_code == 400
    assert errors(response.content.decode()) == ["职业“电子商务师”没有“厨师”这个工种/方向。"]


def test_checker_with_a_tampered_form_answers_400(loaded_site, client):
    data = checker_form("电子商务师|网商", work=[WORK_SINCE_2019])
    data["work-TOTAL_FORMS"] = "abc"

    response = client.post(CHECKER, data)

    assert response.status_code == 400
    assert errors(response.content.decode())


def test_checker_enforces_csrf(loaded_site):
    browser = Client(enforce_csrf_checks=True)
    data = checker_form("电子商务师|网商", work=[WORK_SINCE_2019])

    assert browser.post(CHECKER, data).status_code == 403

    html = browser.get(CHECKER).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.post(CHECKER, {**data, "csrfmiddlewaretoken": token}).status_code == 200


def test_checker_allows_only_get_and_post(loaded_site, client):
    assert client.put(CHECKER).status_code == 405
