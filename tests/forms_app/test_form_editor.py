"""Editors cannot publish a broken registration form; the field editor speaks plain Chinese and
derives readable keys; Wagtail's 表单 screen does not misreport registration forms; downloads
are named readably."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from hostsite.models import HomePage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from forms_app.models import ApplicationFile, FormField, RegistrationFormPage
from tests.forms_app import factories
from tests.forms_app.test_support import applicant, make_form_page

ALL_FOUR = "姓名、居民身份证号码、手机号码、申报工种与等级"


@pytest.fixture
def editor(superuser_client):
    return superuser_client


def field_rows(*rows: tuple[str, str]) -> list[dict]:
    return [
        {"label": label, "field_type": kind, "required": "on", "help_text": "", "choices": ""}
        | {"default_value": "", "section": "", "show_when_field": "", "show_when_value": ""}
        for label, kind in rows
    ]


STANDARD_ROWS = field_rows(
    ("姓名", "full_name"),
    ("居民身份证号码", "id_number"),
    ("手机号码", "mobile"),
    ("申报工种与等级", "target"),
)


def page_data(occupation, period, *, rows, action: str | None = "action-publish", **extra):
    now = timezone.localtime()
    data = {
        "title": "电子商务师报名（第二批）",
        "slug": "电子商务师报名第二批",  # what Wagtail fills in from the title
        "occupation": occupation.pk,
        "specialties": "",
        "levels": "",
        "exam_period": period.pk,
        "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + timedelta(days=30)).strftime("%Y-%m-%d %H:%M"),
        "max_applications": "",
        "allow_ineligible": "on",
        "introduction": rich_text(""),
        "thank_you_text": rich_text(""),
        "form_fields": inline_formset(rows),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        **extra,
    }
    if action:
        data[action] = action
    return nested_form_data(data)


def add_url() -> str:
    return f"/admin/pages/add/forms_app/registrationformpage/{HomePage.objects.get().pk}/"


def messages_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- publishing needs the four fields -------------------------------------------------------------


def test_publishing_a_form_without_fields_is_refused_naming_what_is_missing(
    editor, occupation, exam_period
):
    response = editor.post(add_url(), page_data(occupation, exam_period, rows=[]))

    assert response.status_code == 200  # the editor again, with the reason
    text = messages_of(response.content.decode())
    assert f"报名表缺少每份报名都需要的字段：{ALL_FOUR}。" in text
    assert not RegistrationFormPage.objects.filter(title="电子商务师报名（第二批）").exists()


def test_publishing_without_the_mobile_names_only_the_mobile(editor, occupation, exam_period):
    rows = [row for row in STANDARD_ROWS if row["field_type"] != "mobile"]

    response = editor.post(add_url(), page_data(occupation, exam_period, rows=rows))

    text = messages_of(response.content.decode())
    assert "报名表缺少每份报名都需要的字段：手机号码。" in text


def test_a_draft_without_fields_is_saved_with_a_warning(editor, occupation, exam_period):
    response = editor.post(
        add_url(), page_data(occupation, exam_period, rows=[], action=None), follow=True
    )

    page = RegistrationFormPage.objects.get(title="电子商务师报名（第二批）")
    assert not page.live
    assert f"报名表缺少每份报名都需要的字段：{ALL_FOUR}" in messages_of(response.content.decode())


def test_a_complete_form_publishes_with_an_ascii_slug(editor, occupation, exam_period):
    response = editor.post(add_url(), page_data(occupation, exam_period, rows=STANDARD_ROWS))

    assert response.status_code == 302
    page = RegistrationFormPage.objects.get(title="电子商务师报名（第二批）")
    assert page.live and page.slug.isascii() and page.url.isascii()
    keys = list(page.form_fields.values_list("clean_name", flat=True))
    assert keys == [
        "xing_ming",
        "ju_min_shen_fen_zheng_hao_ma",
        "shou_ji_hao_ma",
        "shen_bao_gong_zhong_yu_deng_ji",
    ]


def test_a_form_published_incomplete_some_other_way_answers_in_chinese(
    client, occupation, exam_period
):
    page = make_form_page(occupation=occupation, exam_period=exam_period, fields=[])

    response = client.get(page.url)
    submitted = client.post(page.url, applicant())

    for answer in (response, submitted):
        html = answer.content.decode()
        assert "本报名表尚未设置完成，暂不接受报名" in html
        assert "None" not in messages_of(html)
    assert submitted.status_code == 403


# --- the field editor -----------------------------------------------------------------------------


def test_the_field_editor_speaks_plain_chinese(editor, occupation, exam_period):
    page = make_form_page(occupation=occupation, exam_period=exam_period)

    html = editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert "ascii_snake_case" not in html and "snake" not in html
    assert "clean_name" not in html  # the key is not asked for
    for english in ("Comma or new line", "Default value.", "The label of the form field"):
        assert english not in html
    assert "申请人看到的字段名称" in html
    assert "每行一个选项" in html


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("姓名", "xing_ming"),
        ("工作单位", "gong_zuo_dan_wei"),
        ("是否持有C1驾照", "shi_fou_chi_you_c1_jia_zhao"),
        ("Ｅ-mail 地址", "e_mail_di_zhi"),
        ("★ ☆", "field_3"),
        ("①②", "f_12"),
        ("2024年收入", "f_2024_nian_shou_ru"),
    ],
)
def test_a_new_field_gets_a_readable_ascii_key(label, key):
    assert FormField(label=label, sort_order=2).get_field_clean_name() == key


def test_the_key_stays_when_the_label_changes(editor, occupation, exam_period):
    page = make_form_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=[*factories.standard_fields(), FormField(label="工作单位", field_type="singleline")],
    )
    field = page.form_fields.get(label="工作单位")
    assert field.clean_name == "gong_zuo_dan_wei"

    field.label = "现工作单位"
    field.save()

    field.refresh_from_db()
    assert field.clean_name == "gong_zuo_dan_wei"


def test_a_conditional_field_can_name_the_other_field_by_its_title(client, occupation, exam_period):
    fields = [
        *factories.standard_fields(),
        FormField(label="是否已取得本职业证书", field_type="checkbox", required=False),
        FormField(
            label="证书编号",
            field_type="singleline",
            required=True,
            show_when_field="是否已取得本职业证书",
            show_when_value="是",
        ),
    ]
    page = make_form_page(occupation=occupation, exam_period=exam_period, fields=fields)
    certificate = page.form_fields.get(label="是否已取得本职业证书").clean_name

    html = client.get(page.url).content.decode()
    missing = client.post(page.url, applicant(**{certificate: "on"}))

    assert f'data-show-when="{certificate}"' in html
    assert missing.status_code == 400
    assert "此项为必填项" in missing.content.decode()


# --- Wagtail's 表单 screen ------------------------------------------------------------------------


def test_wagtails_forms_screen_does_not_list_registration_forms(editor, registration_page):
    factories.ApplicationFactory(
        form_page=registration_page,
        occupation=registration_page.occupation,
        exam_period=registration_page.exam_period,
    )

    html = editor.get("/admin/forms/").content.decode()

    assert registration_page.title not in html
    assert "没有已提交的内容" not in html or registration_page.title not in html


# --- downloads ------------------------------------------------------------------------------------


def test_a_download_is_named_after_the_fields_title(staff_client, registration_page, private_media):
    photo_field = FormField.objects.create(
        page=registration_page, label="证件照", field_type="photo", required=False
    )
    application = factories.ApplicationFactory(
        form_page=registration_page,
        occupation=registration_page.occupation,
        exam_period=registration_page.exam_period,
        number="BM261201ABCDEF",
    )
    stored = ApplicationFile.objects.create(
        application=application,
        field_name=photo_field.clean_name,
        kind="photo",
        file=ContentFile(factories.image_bytes(), name="photo.jpg"),
        original_name="IMG_0001.jpg",
        content_type="image/jpeg",
        size=1,
    )

    response = staff_client.get(f"/applications/files/{stored.pk}/")

    assert photo_field.clean_name == "zheng_jian_zhao"
    assert quote("BM261201ABCDEF-证件照.jpg") in response["Content-Disposition"]
