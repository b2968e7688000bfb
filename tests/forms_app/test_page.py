"""The registration form page as an applicant meets it: fields, CSRF, honeypot, open/closed."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from forms_app.choices import ApplicationStatus
from forms_app.models import Application, ApplicationEvent, FormField
from tests.forms_app.test_support import applicant, form_fields, make_form_page

REPOSITORY = Path(__file__).resolve().parents[2]
SHOP = "online-merchant"  # 网商, by its stable key


@pytest.fixture
def form_page(occupation, exam_period):
    return make_form_page(occupation=occupation, exam_period=exam_period)


def labels(html: str) -> dict[str, str]:
    """{input id: label text} of the rendered form."""
    found = {}
    for target, text in re.findall(r'<label for="([^"]+)">([^<]+)', html):
        found[target] = text.strip()
    for text in re.findall(r'<label class="checkbox"><input[^>]*> ([^<]+)</label>', html):
        found[text.strip()] = text.strip()
    return found


def test_the_form_shows_every_field_with_its_chinese_label(client, form_page):
    response = client.get(form_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    found = labels(html)
    for field in form_page.form_fields.all():
        assert field.label in found.values(), field.label
        assert f'name="{field.clean_name}"' in html
    assert found["id_name"] == "姓名"
    assert found["id_id_number"] == "居民身份证号码"
    assert "<legend>其他信息</legend>" in html
    assert "提交报名" in html
    # The target field offers the occupation's specialties and levels in words.
    assert '<option value="网商|4">网商 · 四级/中级工</option>' in html


def test_required_fields_are_marked_and_conditional_fields_carry_their_condition(client, form_page):
    html = client.get(form_page.url).content.decode()

    assert re.search(r'<label for="id_name">姓名 <span class="required"', html)
    assert not re.search(r'<label for="id_employer">工作单位 <span class="required"', html)
    assert 'data-show-when="has_cert" data-show-value="true"' in html


def test_the_form_carries_a_csrf_token_and_a_post_without_it_is_refused(form_page):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(form_page.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token

    refused = browser.post(form_page.url, applicant())
    assert refused.status_code == 403
    assert Application.objects.count() == 0

    accepted = browser.post(form_page.url, {**applicant(), "csrfmiddlewaretoken": token.group(1)})
    assert accepted.status_code == 302
    assert Application.objects.count() == 1


def test_the_honeypot_is_hidden_from_people_and_skipped_by_the_keyboard(client, form_page):
    html = client.get(form_page.url).content.decode()

    box = re.search(r'<div class="hp-field" aria-hidden="true">(.*?)</div>', html, re.S)
    assert box, "honeypot wrapper missing"
    assert 'name="website"' in box.group(1)
    assert 'tabindex="-1"' in box.group(1)
    assert 'autocomplete="off"' in box.group(1)
    css = (REPOSITORY / "site/static/hostsite/css/site.css").read_text()
    rule = re.search(r"\.hp-field\s*{([^}]*)}", css)
    assert rule and "left: -10000px" in rule.group(1)


# --- open, closed, full -----------------------------------------------------------------------


def closed_page(kind: str, *, occupation, exam_period):
    now = timezone.now()
    if kind == "not yet open":
        return make_form_page(
            occupation=occupation,
            exam_period=exam_period,
            opens_at=now + timedelta(days=2),
            closes_at=now + timedelta(days=30),
        )
    if kind == "closed":
        return make_form_page(
            occupation=occupation,
            exam_period=exam_period,
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(minutes=1),
        )
    page = make_form_page(occupation=occupation, exam_period=exam_period, max_applications=1)
    Client().post(page.url, applicant(999))
    assert Application.objects.count() == 1
    return page


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not yet open", "报名尚未开始，开始时间："),
        ("closed", "报名已截止。"),
        ("full", "报名人数已满。"),
    ],
)
def test_a_closed_form_says_why_and_accepts_nothing(client, occupation, exam_period, kind, message):
    page = closed_page(kind, occupation=occupation, exam_period=exam_period)
    before = Application.objects.count()

    shown = client.get(page.url)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert message in html
    assert 'name="id_number"' not in html  # no form to fill in

    posted = client.post(page.url, applicant())
    assert posted.status_code == 403
    assert message in posted.content.decode()
    assert Application.objects.count() == before
    assert ApplicationEvent.objects.count() == before


def test_the_opening_time_is_shown_in_china_time(client, occupation, exam_period):
    opens = timezone.now().replace(microsecond=0) + timedelta(days=3)
    page = make_form_page(
        occupation=occupation,
        exam_period=exam_period,
        opens_at=opens,
        closes_at=opens + timedelta(days=30),
    )

    html = client.get(page.url).content.decode()

    assert f"{timezone.localtime(opens):%Y-%m-%d %H:%M}" in html


def test_a_withdrawn_application_frees_its_place_on_a_full_form(client, occupation, exam_period):
    from forms_app import services

    page = closed_page("full", occupation=occupation, exam_period=exam_period)
    services.application_transition(
        application=Application.objects.get(), to=ApplicationStatus.WITHDRAWN
    )

    assert "报名人数已满" not in client.get(page.url).content.decode()
    assert client.post(page.url, applicant()).status_code == 302
    assert Application.objects.count() == 2


# --- the editor's field keys -------------------------------------------------------------------


def test_answer_keys_are_ascii_and_survive_a_renamed_label(client, occupation, exam_period):
    fields = form_fields()
    fields.append(FormField(label="毕业院校", field_type="singleline", required=False))
    page = make_form_page(occupation=occupation, exam_period=exam_period, fields=fields)
    field = page.form_fields.get(label="毕业院校")
    key = field.clean_name
    assert key and key.isascii() and key == key.lower()

    client.post(page.url, {**applicant(), key: "锡林郭勒职业学院"})
    # The editor renames the label and republishes; the key stays.
    field.label = "毕业学校名称"
    field.save()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.form_fields.get(label="毕业学校名称").clean_name == key
    client.post(page.url, {**applicant(1), key: "内蒙古大学"})

    stored = [a.answers for a in Application.objects.order_by("submitted_at", "pk")]
    assert [answers[key] for answers in stored] == ["锡林郭勒职业学院", "内蒙古大学"]


# --- target restrictions -----------------------------------------------------------------------


def test_the_form_offers_only_the_specialties_and_levels_it_is_restricted_to(
    client, occupation, exam_period
):
    page = make_form_page(
        occupation=occupation, exam_period=exam_period, specialties=SHOP, levels="4,3"
    )

    html = client.get(page.url).content.decode()

    offered = re.findall(r'<option value="([^"]*)"', html)
    assert offered == ["", "网商|4", "网商|3"]


# --- the form kept between requests ------------------------------------------------------------


def offered_targets(client, page) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', client.get(page.url).content.decode())


def test_a_field_the_editor_adds_and_publishes_is_on_the_next_page_view(client, form_page):
    assert "毕业院校" not in client.get(form_page.url).content.decode()

    page = type(form_page).objects.get(pk=form_page.pk)
    page.form_fields.add(FormField(label="毕业院校", field_type="singleline", required=False))
    page.save_revision().publish()

    assert "毕业院校" in client.get(form_page.url).content.decode()


def test_a_level_the_occupation_stops_offering_leaves_the_form_at_once(
    client, occupation, exam_period
):
    page = make_form_page(occupation=occupation, exam_period=exam_period, specialties=SHOP)
    assert "网商|4" in offered_targets(client, page)

    # The editor removes 四级 from 网商 on the occupation page and publishes; the form page
    # itself is not touched.
    specialties = list(occupation.specialties.all())
    shop = next(s for s in specialties if s.name == "网商")
    shop.levels = [b for b in shop.levels.get_prep_value() if int(b["value"]["level"]) != 4]
    occupation.specialties = specialties
    occupation.save_revision().publish()

    assert "网商|4" not in offered_targets(client, page)
    assert "网商|3" in offered_targets(client, page)
    refused = client.post(page.url, applicant(target="网商|4"))
    assert refused.status_code == 400
    assert Application.objects.count() == 0


def test_the_preview_shows_fields_not_yet_published(admin_client, form_page):
    page = type(form_page).objects.get(pk=form_page.pk)
    assert admin_client.get(page.url).status_code == 200  # the live form, kept for reuse

    page.form_fields.add(FormField(label="预览中的新字段", field_type="singleline", required=False))
    revision = page.save_revision()
    preview = admin_client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/")

    assert preview.status_code == 200
    assert "预览中的新字段" in preview.content.decode()
    assert "预览中的新字段" not in admin_client.get(page.url).content.decode()


def test_fields_held_in_memory_are_never_replaced_by_the_kept_form(client, form_page):
    """What the editor's preview relies on: the page object with unsaved fields builds its
    own form, even when the kept form of the live page has the same key."""
    page = type(form_page).objects.get(pk=form_page.pk)
    kept = page.get_form_class()

    page.form_fields.add(FormField(label="新字段", field_type="singleline", clean_name="extra"))

    assert "extra" not in kept.base_fields
    assert "extra" in page.get_form_class().base_fields
    assert type(form_page).objects.get(pk=form_page.pk).get_form_class() is kept
