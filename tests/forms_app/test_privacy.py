"""个人信息处理规则 (PIPL): every registration form shows the notice, asks for consent to it and,
separately, to the sensitive personal information; nothing is stored without both; the
application records which wording was accepted and when."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forms_app.models import Application, ApplicationDraft, HeldUpload, PrivacySettings
from tests.forms_app.factories import applicant, field, jpeg_upload, registration_page
from tests.forms_app.factories import standard_fields as standard


@pytest.fixture
def form_page(occupation, exam_period, private_media):
    return registration_page(
        occupation=occupation,
        exam_period=exam_period,
        fields=standard() + [field("photo", "photo", "证件照")],
    )


def shown_version(html: str) -> str:
    return re.search(r'name="privacy_notice_version" value="([0-9a-f]{64})"', html)[1]


def test_the_form_shows_the_schools_notice_and_two_unticked_boxes(client, form_page):
    html = client.get(form_page.url).content.decode()

    assert "个人信息处理规则" in html
    assert "锡林郭勒盟振达职业培训学校" in html
    assert "0479-8225060" in html  # the registration phone from 设置 → 联系方式
    assert "敏感个人信息" in html and "保存期限" in html and "删除" in html
    for name in ("consent_privacy", "consent_sensitive"):
        box = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)[0]
        assert "checked" not in box
    # The consent boxes come after the notice and before the submit button.
    assert html.index("处理目的") < html.index('name="consent_sensitive"') < html.index("提交报名")


def test_the_site_default_is_seeded_once_for_editors_to_change(client, form_page, loaded_site):
    client.get(form_page.url)
    setting = PrivacySettings.for_site(loaded_site)
    assert "锡林郭勒盟振达职业培训学校" in setting.notice

    setting.notice = "<p>本校个人信息处理规则（新版）。</p>"
    setting.save()

    assert "本校个人信息处理规则（新版）" in client.get(form_page.url).content.decode()


def test_a_form_may_have_its_own_notice(client, occupation, exam_period):
    page = registration_page(
        occupation=occupation,
        exam_period=exam_period,
        privacy_notice="<p>本报名表由合作企业代收材料。</p>",
        slug="partner",
    )

    html = client.get(page.url).content.decode()

    assert "本报名表由合作企业代收材料" in html
    assert "处理目的" not in html


@pytest.mark.parametrize(
    "missing, message",
    [
        ("consent_privacy", "请阅读《个人信息处理规则》并勾选同意"),
        ("consent_sensitive", "请单独勾选同意处理身份证号码和证件照等敏感个人信息"),
    ],
)
def test_without_either_consent_nothing_is_stored(
    client, form_page, private_media, missing, message
):
    response = client.post(
        form_page.url,
        {**applicant(confirm_review="1", **{missing: None}), "photo": jpeg_upload()},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Application.objects.count() == 0
    assert HeldUpload.objects.count() == 0 and ApplicationDraft.objects.count() == 0
    assert [p for p in private_media.rglob("*") if p.is_file()] == []


def test_the_application_records_the_notice_version_and_time_of_consent(client, form_page):
    html = client.get(form_page.url).content.decode()
    version = shown_version(html)

    response = client.post(
        form_page.url, applicant(confirm_review="1", privacy_notice_version=version)
    )

    assert response.status_code == 302, response.content.decode()
    application = Application.objects.select_related("privacy_notice").get()
    accepted = application.privacy_notice
    assert accepted.digest == version
    assert hashlib.sha256(accepted.text.encode()).hexdigest() == version
    assert "锡林郭勒盟振达职业培训学校" in accepted.text
    assert timezone.now() - application.consented_at < timedelta(minutes=1)


def test_a_notice_changed_after_it_was_shown_asks_for_consent_again(client, form_page, loaded_site):
    old_version = shown_version(client.get(form_page.url).content.decode())
    setting = PrivacySettings.for_site(loaded_site)
    setting.notice = "<p>保存期限改为五年。</p>"
    setting.save()

    response = client.post(
        form_page.url, applicant(confirm_review="1", privacy_notice_version=old_version)
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "《个人信息处理规则》已更新" in html and "保存期限改为五年" in html
    assert shown_version(html) != old_version
    for name in ("consent_privacy", "consent_sensitive"):  # to be ticked again
        assert "checked" not in re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)[0]
    assert Application.objects.count() == 0

    again = client.post(
        form_page.url, applicant(confirm_review="1", privacy_notice_version=shown_version(html))
    )
    assert again.status_code == 302
    assert "五年" in Application.objects.get().privacy_notice.text
