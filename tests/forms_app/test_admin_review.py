"""报名审核 in the Wagtail admin, used the way staff use it: the listing (columns, masking, search,
filters, pagination), the detail page, decisions one by one and in bulk, and who may do what."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hostsite.models import AuditEntry

from forms_app.crypto import mask_id_number
from forms_app.models import Application, ApplicationEvent
from tests.forms_app.admin_helpers import (
    ADMIN,
    ApplicationFactory,
    ReviewData,
    bulk_url,
    create_review_data,
    decision_url,
    detail_url,
    id_number,
    reviewers_group,
    staff_user,
)
from tests.hostsite.visible_text import element_text


@pytest.fixture(scope="module")
def _review_data(_forms_school_content, django_db_blocker):
    """The review data on top of the school's content (tests/forms_app/conftest.py), created once
    for the module and rolled back at its end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            yield create_review_data()
            transaction.set_rollback(True)
        cache.clear()


@pytest.fixture
def review_data(_review_data, db) -> ReviewData:
    cache.clear()
    yield _review_data
    cache.clear()


@pytest.fixture
def reviewer(review_data, client):
    """A reviewer without the personal-data permission, logged in."""
    user = staff_user("reviewer", groups=[reviewers_group()])
    client.force_login(user)
    return user


@pytest.fixture
def senior_reviewer(review_data, client):
    """A reviewer who may also see full ID numbers and mobiles, logged in."""
    user = staff_user("senior", groups=[reviewers_group(personal_data=True)])
    client.force_login(user)
    return user


def page_text(response) -> str:
    return element_text(response.content.decode(), inside="main")


def listed_numbers(response) -> list[str]:
    return re.findall(r"BM\d{6}[0-9A-Z]{5,6}", page_text(response))


def table_rows(response) -> list[list[str]]:
    """The listing's body rows as the cells' visible text (first cell: the checkbox, if any)."""
    listing = response.content.decode().split('id="listing-results"', 1)[1]
    body = listing.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td.*?</td>", row, re.S)
        ]
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


def menu_labels(response) -> list[str]:
    """The labels of the admin's main menu (the sidebar is drawn from JSON)."""
    html = response.content.decode()
    props = html.split('id="wagtail-sidebar-props" type="application/json">', 1)[1]
    labels = []

    def walk(node):
        if isinstance(node, dict):
            labels.extend([node["label"]] if isinstance(node.get("label"), str) else [])
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads(props.split("</script>", 1)[0]))
    return labels


def search(client, query: str, **filters):
    return client.get(ADMIN, {"q": query, **filters})


def flash(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


# --- the listing ---------------------------------------------------------------------------------


def test_menu_and_listing_show_applications_newest_first(reviewer, client, review_data):
    assert "报名审核" in menu_labels(client.get("/admin/"))

    response = client.get(ADMIN)

    assert response.status_code == 200
    data = review_data
    assert listed_numbers(response) == [data.li.number, data.zhang.number, data.wang.number]
    text = page_text(response)
    for heading in ("报名号", "姓名", "身份证号（脱敏）", "职业 · 工种 · 等级", "考试批次"):
        assert heading in text
    assert "电子商务师 · 网商 · 四级/中级工" in text
    assert "计算机程序设计员 · 四级/中级工" in text
    assert "已提交，待审核" in text and "审核未通过" in text
    assert "2026-03-01 10:00" in text


def test_eligibility_column_says_whether_the_engine_found_the_applicant_qualified(
    reviewer, client, review_data
):
    ApplicationFactory(form_page=review_data.ecommerce_form, name="赵审核", needs_review=True)

    rows = {row[2]: row for row in table_rows(client.get(ADMIN))}

    assert rows["张三"][-2:] == ["符合", "2026-03-01 10:00"]
    assert rows["李四"][-2] == "不符合"
    assert rows["赵审核"][-2] == "需审核"


def test_reviewer_without_personal_data_permission_sees_masked_id_numbers(reviewer, client):
    full = id_number(1)

    listing = client.get(ADMIN).content.decode()
    detail = client.get(detail_url(Application.objects.get(name="张三"))).content.decode()

    for html in (listing, detail):
        assert full not in html
        assert mask_id_number(full) in html
    assert "13800138000" not in detail
    assert "138****8000" in detail
    assert "地区码对应" not in detail  # the county would tell the masked digits 5-6


def test_reviewer_with_personal_data_permission_sees_full_id_numbers(senior_reviewer, client):
    full = id_number(1)

    listing = client.get(ADMIN).content.decode()
    detail = client.get(detail_url(Application.objects.get(name="张三"))).content.decode()

    assert full in listing and full in detail
    assert "13800138000" in detail
    assert "<dt>地区码对应</dt>" in detail and "内蒙古自治区 锡林浩特市（仅供参考" in detail


def test_search_by_full_id_number_finds_the_application(senior_reviewer, client, review_data):
    response = search(client, id_number(2))

    assert listed_numbers(response) == [review_data.li.number]
    searched = AuditEntry.objects.get(action="forms_app.search_id_number")
    assert searched.actor == senior_reviewer and id_number(2) not in searched.detail
    assert searched.detail == mask_id_number(id_number(2))


def test_reviewer_seeing_masked_numbers_cannot_search_by_full_id_number(
    reviewer, client, review_data
):
    """The keyed hash would confirm whose number it is: a guessing oracle for masked staff."""
    response = search(client, id_number(2))

    assert response.status_code == 403
    assert listed_numbers(response) == []
    assert "按完整身份证号搜索需要“可查看完整身份证号和手机号”权限" in page_text(response)
    # The listing's own search box asks for results only: the refusal shows there as well.
    results = client.get(f"{ADMIN}results/", {"q": id_number(2)})
    assert listed_numbers(results) == []
    assert "可查看完整身份证号和手机号" in results.content.decode()
    # Names and application numbers still work.
    assert listed_numbers(search(client, "李四")) == [review_data.li.number]


def test_search_by_full_id_number_is_throttled(senior_reviewer, client, review_data, settings):
    settings.FORMS_APP_ID_SEARCH_LIMIT = 3
    for sequence in (5, 6, 7):
        assert search(client, id_number(sequence)).status_code == 200

    response = search(client, id_number(2))

    assert response.status_code == 429
    assert listed_numbers(response) == []
    assert "过于频繁" in page_text(response)
    assert AuditEntry.objects.filter(action="forms_app.search_id_number").count() == 3


def test_search_by_another_valid_id_number_finds_nothing(senior_reviewer, client, review_data):
    other = id_number(9)
    assert not Application.objects.filter(name__contains=other).exists()

    assert listed_numbers(search(client, other)) == []
    # The masked form is not searchable as an ID either: it matches no name or number.
    assert listed_numbers(search(client, mask_id_number(id_number(2)))) == []


def test_search_by_id_number_ignores_spaces_and_lower_case_x(senior_reviewer, client, review_data):
    data = review_data
    with_x = id_number(7)
    while not with_x.endswith("X"):  # find a sequence whose check digit is X
        with_x = id_number(int(with_x[14:17]) + 1)
    application = ApplicationFactory(form_page=data.ecommerce_form, id_number=with_x)
    typed = f"{with_x[:6]} {with_x[6:14]} {with_x[14:].lower()}"

    assert listed_numbers(search(client, typed)) == [application.number]


def test_search_by_name_or_application_number(reviewer, client, review_data):
    data = review_data
    assert listed_numbers(search(client, "李四")) == [data.li.number]
    assert listed_numbers(search(client, data.wang.number.lower())) == [data.wang.number]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda d: {"status": "rejected"}, ["wang"]),
        (lambda d: {"status": ["submitted", "rejected"]}, ["li", "zhang", "wang"]),
        (lambda d: {"level": "3"}, ["li"]),
        (lambda d: {"occupation": d.programmer_form.occupation_id}, ["wang"]),
        (lambda d: {"exam_period": d.autumn.pk}, ["li", "zhang"]),
        (lambda d: {"form_page": d.programmer_form.pk}, ["wang"]),
        (lambda d: {"eligibility": "eligible"}, ["zhang"]),
        (lambda d: {"eligibility": "ineligible"}, ["li", "wang"]),
        (
            lambda d: {"submitted_at_from": "2026-02-15", "submitted_at_to": "2026-03-01"},
            ["zhang"],
        ),
        (lambda d: {"submitted_at_from": "2026-03-02"}, ["li"]),
    ],
    ids=[
        "status",
        "two-statuses",
        "level",
        "occupation",
        "exam-period",
        "form",
        "eligible",
        "ineligible",
        "date-range-includes-last-day",
        "date-from",
    ],
)
def test_filters(reviewer, client, review_data, filters, expected):
    response = client.get(ADMIN, filters(review_data))

    assert response.status_code == 200
    assert listed_numbers(response) == [getattr(review_data, name).number for name in expected]


def test_filters_and_search_combine(reviewer, client, review_data):
    response = client.get(ADMIN, {"q": "张三", "status": "rejected"})

    assert listed_numbers(response) == []


def test_ordering_by_name(reviewer, client, review_data):
    by_name = [a.number for a in Application.objects.order_by("name")]  # the database's collation

    assert listed_numbers(client.get(ADMIN, {"ordering": "name"})) == by_name
    assert listed_numbers(client.get(ADMIN, {"ordering": "-name"})) == by_name[::-1]


def test_pagination(reviewer, client, review_data):
    ApplicationFactory.create_batch(30, form_page=review_data.ecommerce_form)

    first = listed_numbers(client.get(ADMIN))
    second = listed_numbers(client.get(ADMIN, {"p": 2}))

    assert (len(first), len(second)) == (30, 3)
    assert set(first).isdisjoint(second)
    assert second == [review_data.li.number, review_data.zhang.number, review_data.wang.number]


def test_listing_queries_do_not_grow_with_the_rows(
    senior_reviewer, client, review_data, django_assert_max_num_queries
):
    ApplicationFactory.create_batch(27, form_page=review_data.ecommerce_form)

    # 20, and one more: the audit entry recording that full ID numbers were listed.
    with django_assert_max_num_queries(21):
        response = client.get(ADMIN)

    assert len(listed_numbers(response)) == 30


def test_listing_offers_no_spreadsheet_export(reviewer, client):
    response = client.get(ADMIN, {"export": "csv"})

    assert response["Content-Type"].startswith("text/html")


def test_unknown_filter_values_do_not_break_the_listing(reviewer, client):
    response = client.get(
        ADMIN, {"level": "9", "occupation": "abc", "submitted_at_from": "2026-13-45"}
    )

    assert response.status_code == 200


# --- the detail page ----------------------------------------------------------------------------


def test_detail_shows_answers_files_eligibility_and_history(reviewer, client, review_data):
    response = client.get(detail_url(review_data.zhang))

    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    # Answers labelled by the form's fields; the chosen target is shown once, as a label.
    assert "工作单位" in text and "锡林浩特市某电商公司" in text
    assert "是否已取得本职业证书" in text and "否" in text
    assert "old_field" in text and "旧答案" in text  # a removed field keeps its key
    assert "网商|4" not in text
    assert "电子商务师 · 网商 · 四级/中级工" in text
    # Files, served by forms_app to staff; the photo inline.
    photo, document = review_data.zhang.files.order_by("kind").reverse()
    assert f'<img src="/applications/files/{photo.pk}/"' in html
    assert f'href="/applications/files/{document.pk}/"' in html
    assert "毕业证书.pdf" in text
    # The stored eligibility verdict: headline and each condition.
    assert "符合报名条件（满足第1条）" in text
    assert "第1条（满足）" in text
    # History.
    assert "已提交，待审核" in text and "申请人" in text


def test_detail_of_ineligible_application_lists_what_is_missing(reviewer, client, review_data):
    text = page_text(client.get(detail_url(review_data.li)))

    assert "暂不符合" in text
    assert "（不满足）" in text
    assert "还需" in text  # e.g. 还需连续从事本职业工作…年


def test_history_shows_who_changed_what_and_why(reviewer, client, review_data):
    text = page_text(client.get(detail_url(review_data.wang)))

    assert "earlier-reviewer" in text
    assert "已提交，待审核 → 审核未通过" in text
    assert "工作年限证明不足" in text
    assert "“审核未通过”的报名不能再审核。" in text


def test_detail_of_missing_application_is_404(reviewer, client):
    assert client.get(f"{ADMIN}999999/").status_code == 404


# --- decisions on the detail page -----------------------------------------------------------


def test_approve_from_detail(reviewer, client, review_data):
    application = review_data.zhang

    response = client.post(decision_url(application), {"decision": "approved", "reason": ""})

    assert response.status_code == 302
    assert response["Location"] == detail_url(application)
    assert review_data.refreshed(application).status == "approved"
    event = application.events.latest("pk")
    assert (event.from_status, event.to_status, event.actor) == ("submitted", "approved", reviewer)
    page = client.get(response["Location"])
    assert "已改为“审核通过”" in page.content.decode()
    assert "已提交，待审核 → 审核通过" in page_text(page)


@pytest.mark.parametrize("decision", ["rejected", "needs_info"])
def test_reject_or_ask_for_information_with_reason(reviewer, client, review_data, decision):
    application = review_data.li

    client.post(decision_url(application), {"decision": decision, "reason": "缺少工作证明"})

    updated = review_data.refreshed(application)
    assert (updated.status, updated.status_reason) == (decision, "缺少工作证明")
    event = application.events.latest("pk")
    assert (event.to_status, event.reason, event.actor_label) == (
        decision,
        "缺少工作证明",
        "reviewer",
    )


@pytest.mark.parametrize("decision", ["rejected", "needs_info"])
def test_reject_without_reason_shows_error_and_changes_nothing(
    reviewer, client, review_data, decision
):
    application = review_data.li
    events = application.events.count()

    response = client.post(decision_url(application), {"decision": decision, "reason": "  "})

    assert response.status_code == 400
    assert "请填写原因，申请人会看到这段说明。" in page_text(response)
    assert review_data.refreshed(application).status == "submitted"
    assert application.events.count() == events


def test_illegal_decision_from_detail_is_refused_in_chinese(reviewer, client, review_data):
    application = review_data.wang  # rejected

    response = client.post(decision_url(application), {"decision": "approved"})

    assert response.status_code == 409
    assert "“审核未通过”的报名不能改为“审核通过”。" in page_text(response)
    assert review_data.refreshed(application).status == "rejected"


def test_tampered_decision_is_a_400(reviewer, client, review_data):
    response = client.post(decision_url(review_data.zhang), {"decision": "withdrawn"})

    assert response.status_code == 400
    assert review_data.refreshed(review_data.zhang).status == "submitted"


def test_decision_url_accepts_post_only(reviewer, client, review_data):
    assert client.get(decision_url(review_data.zhang)).status_code == 405


def test_decision_needs_csrf_token(review_data):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staff_user("careful", groups=[reviewers_group()]))

    response = csrf_client.post(decision_url(review_data.zhang), {"decision": "approved"})

    assert response.status_code == 403
    assert review_data.refreshed(review_data.zhang).status == "submitted"


# --- bulk decisions ------------------------------------------------------------------------------


def test_bulk_confirmation_lists_the_selection_and_asks_for_reason(reviewer, client, review_data):
    data = review_data

    response = client.get(bulk_url("reject", data.zhang, data.wang))

    assert response.status_code == 200
    text = page_text(response)
    assert "审核不通过" in text and "审核意见" in text
    assert data.zhang.number in text and data.wang.number in text
    assert "不能改为此结果，将跳过" in text  # wang is already rejected
    assert data.li.number not in text


def test_bulk_approve_changes_every_selected_application(reviewer, client, review_data):
    data = review_data

    response = client.post(bulk_url("approve", data.zhang, data.li), {"reason": ""})

    assert response.status_code == 302 and response["Location"] == ADMIN
    assert {data.refreshed(a).status for a in (data.zhang, data.li)} == {"approved"}
    assert data.refreshed(data.wang).status == "rejected"
    events = ApplicationEvent.objects.filter(to_status="approved")
    assert sorted(e.application_id for e in events) == sorted([data.zhang.pk, data.li.pk])
    assert {e.actor for e in events} == {reviewer}
    assert "已将 2 份报名改为“审核通过”。" in flash(response)


@pytest.mark.parametrize(
    ("action", "status"), [("reject", "rejected"), ("needs-info", "needs_info")]
)
def test_bulk_reject_or_needs_info_with_reason(reviewer, client, review_data, action, status):
    data = review_data

    client.post(bulk_url(action, data.zhang, data.li), {"reason": "请补交学历证明"})

    for application in (data.zhang, data.li):
        updated = data.refreshed(application)
        assert (updated.status, updated.status_reason) == (status, "请补交学历证明")
        assert application.events.latest("pk").actor == reviewer


def test_bulk_reject_without_reason_shows_error_and_changes_nothing(reviewer, client, review_data):
    data = review_data

    response = client.post(bulk_url("reject", data.zhang, data.li), {"reason": ""})

    assert response.status_code == 400
    assert "请填写原因，申请人会看到这段说明。" in page_text(response)
    assert {data.refreshed(a).status for a in (data.zhang, data.li)} == {"submitted"}
    assert not ApplicationEvent.objects.filter(to_status="rejected", actor=reviewer).exists()


def test_bulk_illegal_transition_reports_the_row_and_leaves_it(reviewer, client, review_data):
    data = review_data

    response = client.post(bulk_url("approve", data.wang, data.zhang), {"reason": ""})

    assert response.status_code == 302
    assert data.refreshed(data.wang).status == "rejected"
    assert data.refreshed(data.zhang).status == "approved"
    messages = flash(response)
    assert "已将 1 份报名改为“审核通过”。" in messages
    assert f"{data.wang.number}（王五）：“审核未通过”的报名不能改为“审核通过”。" in messages
    listing = client.get(response["Location"]).content.decode()
    assert "“审核未通过”的报名不能改为“审核通过”。" in listing


def test_bulk_select_all_in_listing_follows_filters(reviewer, client, review_data):
    data = review_data
    query = urlencode({"id": "all", "exam_period": data.autumn.pk, "next": ADMIN})

    confirm = client.get(f"/admin/bulk/forms_app/application/approve/?{query}")
    client.post(f"/admin/bulk/forms_app/application/approve/?{query}", {"reason": ""})

    assert data.zhang.number in page_text(confirm) and data.wang.number not in page_text(confirm)
    assert data.refreshed(data.zhang).status == "approved"
    assert data.refreshed(data.li).status == "approved"
    assert data.refreshed(data.wang).status == "rejected"


def test_bulk_with_nothing_selected_changes_nothing(reviewer, client, review_data):
    response = client.post(bulk_url("approve", id="abc"), {"reason": ""})

    assert response.status_code == 400
    assert "没有选中任何报名。" in page_text(response)


def test_listing_offers_bulk_actions_to_reviewers_only(review_data, client):
    viewer = staff_user("viewer", codenames=["access_admin", "view_application"])
    client.force_login(viewer)
    assert "bulk-action-checkbox" not in client.get(ADMIN).content.decode()

    client.force_login(staff_user("reviewer", groups=[reviewers_group()]))
    html = client.get(ADMIN).content.decode()
    assert "bulk-action-checkbox" in html
    assert "/admin/bulk/forms_app/application/approve/" in html


# --- who may do what --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(review_data, client):
    for url in (ADMIN, detail_url(review_data.zhang), bulk_url("approve", review_data.zhang)):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    response = client.post(decision_url(review_data.zhang), {"decision": "approved"})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert review_data.refreshed(review_data.zhang).status == "submitted"


def test_staff_without_view_permission_cannot_open_the_screens(review_data, client):
    client.force_login(staff_user("editor", codenames=["access_admin"]))

    assert "报名审核" not in menu_labels(client.get("/admin/"))
    for url in (ADMIN, detail_url(review_data.zhang)):
        response = client.get(url)
        # Wagtail turns a refusal into a redirect to the dashboard with a message.
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_viewer_without_review_permission_cannot_decide(review_data, client):
    client.force_login(staff_user("viewer", codenames=["access_admin", "view_application"]))
    data = review_data

    detail = client.get(detail_url(data.zhang))
    single = client.post(decision_url(data.zhang), {"decision": "approved"})
    bulk_get = client.get(bulk_url("approve", data.zhang))
    bulk_post = client.post(bulk_url("approve", data.zhang, data.li), {"reason": ""})

    assert detail.status_code == 200 and decision_url(data.zhang) not in detail.content.decode()
    for response in (single, bulk_get, bulk_post):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "对不起， 你没有权限访问。" in flash(bulk_post)  # Wagtail's own message
    assert {data.refreshed(a).status for a in (data.zhang, data.li)} == {"submitted"}


def test_superuser_may_do_everything(review_data, client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.cn", "x")
    client.force_login(admin)

    assert id_number(1) in client.get(ADMIN).content.decode()
    client.post(decision_url(review_data.li), {"decision": "needs_info", "reason": "补照片"})

    assert review_data.refreshed(review_data.li).status == "needs_info"


def test_group_editor_offers_the_review_permissions(review_data, client):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.cn", "x"))

    html = client.get("/admin/groups/new/").content.decode()

    row = html.split("<h3>报名</h3>", 1)[1].split("</tr>", 1)[0]
    offered = {
        int(value): " ".join(label.split())
        for value, label in re.findall(r'name="permissions" value="(\d+)"[^>]*>([^<]*)<', row)
    }
    codenames = dict(Permission.objects.filter(pk__in=offered).values_list("pk", "codename"))
    assert sorted(codenames.values()) == [
        "review_application",
        "view_application",
        "view_personal_data",
    ]
    # Wagtail shortens a label ending in the model's name: 可审核报名 → 可审核.
    labels = {codename: offered[pk] for pk, codename in codenames.items()}
    assert labels["review_application"] == "可审核"
    assert labels["view_personal_data"] == "可查看完整身份证号和手机号"


def test_links_from_elsewhere_in_the_admin_go_to_the_detail_page(review_data, client):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    viewer = staff_user("viewer", codenames=["access_admin", "view_application"])
    editor = staff_user("editor", codenames=["access_admin"])
    client.force_login(viewer)
    client.get("/admin/")  # the admin's URLs (and with them the viewsets) are set up

    assert AdminURLFinder(viewer).get_edit_url(review_data.zhang) == detail_url(review_data.zhang)
    assert AdminURLFinder(editor).get_edit_url(review_data.zhang) is None


# --- language --------------------------------------------------------------------------------


def test_review_screens_speak_chinese(reviewer, client, review_data):
    listing = client.get(ADMIN)
    detail = client.get(detail_url(review_data.zhang))
    bulk = client.get(bulk_url("needs-info", review_data.zhang))

    for response in (listing, detail, bulk):
        html = response.content.decode()
        assert '<html lang="zh-hans"' in html
        assert not re.search(
            r"\b(Inspect|Search…|Approve|Reject|Status|Name)\b", page_text(response)
        )
    assert "姓名、报名号或完整身份证号" in listing.content.decode()
    for label in ("报名表", "职业", "等级", "状态", "资格判断", "考试批次", "提交日期"):
        assert label in listing.content.decode()
    for heading in ("申请人与报名", "资格判断", "填写内容", "报名材料", "审核记录", "审核"):
        assert heading in page_text(detail)
    assert "需补充材料" in page_text(bulk)
