"""个人信息处理规则 and consent (PIPL): what every registration form shows and asks before it
stores anything.

The notice is the form page's own text, else the site-wide PrivacySettings (Wagtail 设置 →
个人信息处理规则), which is seeded on first use with a default written for the school from its
ContactSettings. The form adds two unticked checkboxes, consent to the notice and separate
consent to the sensitive personal information (ID number, photo), and a hidden field naming the
version shown (the SHA-256 of the notice's text). Without both ticks the form is refused and
nothing is stored: no application, no draft, no kept upload. A notice changed between showing
and submitting asks the applicant to read and consent again. The accepted version is recorded
as a PrivacyNoticeVersion (digest and full text) on the application with the time of consent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms_app.fields.registry import register_form_check

GENERAL = "consent_privacy"
SENSITIVE = "consent_sensitive"
VERSION = "privacy_notice_version"


@dataclass(frozen=True)
class Consent:
    """What the applicant accepted: the version of the notice and when."""

    version: object  # PrivacyNoticeVersion
    at: datetime


def default_notice(site) -> str:
    """The school's privacy notice as rich text, with its contact details from ContactSettings."""
    from hostsite.models import ContactSettings

    contact = ContactSettings.for_site(site) if site else None
    name = (contact and contact.organisation_name) or _("锡林郭勒盟振达职业培训学校")
    ways = []
    if contact and contact.registration_phone:
        ways.append(_("报名电话 %(phone)s") % {"phone": contact.registration_phone})
    for person in contact.contacts.all() if contact else ():
        ways.append(f"{person.name} {person.mobile}")
    if contact and contact.email:
        ways.append(_("电子邮箱 %(email)s") % {"email": contact.email})
    if contact and contact.address:
        ways.append(_("地址：%(address)s") % {"address": contact.address})
    reach = "；".join(ways) or _("学校公布的报名电话")
    paragraphs = [
        _("<b>个人信息处理者</b>：%(name)s（联系方式：%(reach)s）。")
        % {"name": escape(name), "reach": escape(reach)},
        _(
            "<b>处理目的</b>：办理职业技能等级认定报名，包括资格审核、考试安排、准考证和成绩通知、"
            "证书制作与查询，以及按规定向人力资源和社会保障部门报送认定信息。"
        ),
        _(
            "<b>处理的个人信息</b>：姓名、居民身份证号码、手机号码、学历、工作与培训经历、"
            "证件照和证明材料。其中<b>居民身份证号码和证件照属于敏感个人信息</b>，"
            "仅用于核验身份、审核报名资格和制作准考证、证书；不提供将无法完成报名。"
        ),
        _(
            "<b>保存期限</b>：报名材料保存至本次认定工作结束后按国家规定的档案期限，期满删除；"
            "未提交的草稿和填写出错时暂存的上传文件在失效后自动删除（草稿保存 30 天）。"
        ),
        _(
            "<b>安全措施</b>：身份证号码和手机号码加密保存，上传的文件不公开存放，"
            "只有经授权的工作人员可以查看。我们不会将您的个人信息用于上述目的以外的用途，"
            "也不会向无关的第三方提供。"
        ),
        _(
            "<b>您的权利</b>：您可以在“报名查询”中查看或撤回自己的报名；如需查阅、复制、更正、"
            "删除您的个人信息或撤回同意，请通过上述联系方式联系我们，我们将在十五个工作日内答复。"
            "撤回同意不影响撤回前已进行的处理。"
        ),
    ]
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def site_notice(site) -> str:
    """The site-wide notice; an empty one is (re)seeded with the default."""
    from forms_app.models import PrivacySettings

    settings = PrivacySettings.for_site(site)
    if not settings.notice.strip():
        settings.notice = default_notice(site)
        settings.save(update_fields=["notice"])
    return settings.notice


def notice_for(page) -> str:
    """The notice shown on ``page``: its own text, else the site's."""
    if page.privacy_notice and page.privacy_notice.strip():
        return page.privacy_notice
    from wagtail.models import Site

    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return site_notice(site)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def add_consent_fields(form) -> None:
    """The two unticked consent boxes (the version shown travels in the hidden input VERSION,
    written by the template from the page's context, so it is always the current one)."""
    form.fields[GENERAL] = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "我已阅读并同意上述《个人信息处理规则》，同意学校为办理报名处理我填写的个人信息。"
        ),
    )
    form.fields[SENSITIVE] = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "我单独同意学校处理上述规则所列的敏感个人信息（居民身份号码和本人照片），"
            "仅用于核验身份、审核报名资格和制作准考证、证书。"
        ),
    )


def notice_context(page) -> dict:
    """What the form template shows: the notice and its version."""
    text = notice_for(page)
    return {"privacy_notice": text, "privacy_version": digest(text)}


def consented(form) -> bool:
    """Whether the (bound) form carries both ticks: read from the raw data, so it can be asked
    before or without validating the rest of the form."""
    if not form.is_bound or GENERAL not in form.fields:
        return False
    return all(
        form.fields[name].widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name in (GENERAL, SENSITIVE)
    )


@register_form_check
def check_consent(form) -> None:
    """A form check: both consents given, for the version of the notice in force now."""
    if GENERAL not in form.fields or form.page is None:
        return  # a form that does not ask (e.g. amending an application already consented)
    cleaned = form.cleaned_data
    if not cleaned.get(GENERAL):
        form.add_error(GENERAL, _("请阅读《个人信息处理规则》并勾选同意，否则无法报名。"))
    if not cleaned.get(SENSITIVE):
        form.add_error(
            SENSITIVE,
            _("请单独勾选同意处理身份证号码和证件照等敏感个人信息，否则无法报名。"),
        )
    shown = form.data.get(VERSION)
    if shown and shown != digest(notice_for(form.page)):
        form.add_error(GENERAL, _("《个人信息处理规则》已更新，请阅读更新后的内容并重新勾选同意。"))
        # Shown again unticked: consent is given to the text now in force.
        form.data = form.data.copy()
        for name in (GENERAL, SENSITIVE):
            form.data.pop(form.add_prefix(name), None)


def consent_of(form) -> Consent:
    """The version the applicant of a valid form accepted (its text recorded once), and now."""
    from forms_app.models import PrivacyNoticeVersion

    text = notice_for(form.page)
    version, _created = PrivacyNoticeVersion.objects.get_or_create(
        digest=digest(text), defaults={"text": text}
    )
    return Consent(version=version, at=timezone.now())
