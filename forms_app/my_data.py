"""我的报名数据: an applicant downloads what the site holds about their application (PIPL right
of access) as a ZIP: ``data.json`` and their uploaded files.

Proof: the application number plus the mobile number given at registration, shown to be theirs
by an SMS code (forms_app.verification, purpose "status"). The code is checked first, so the
answer never tells a stranger whether an application number exists; downloads are limited per
address, and fail closed while the cache is down (the codes live there too).
"""

from __future__ import annotations

import io
import json
import logging
import zipfile

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from forms_app import ratelimit, verification
from forms_app.crypto import mask_mobile
from forms_app.file_views import protect_file_response
from forms_app.models import Application
from forms_app.selectors import application_by_number

logger = logging.getLogger(__name__)

DOWNLOADS_PER_IP = (20, 3600)
PURPOSE = "status"


class MyDataForm(forms.Form):
    number = forms.CharField(label=_lazy("报名号"), max_length=20)
    mobile = forms.CharField(
        label=_lazy("报名时填写的手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_lazy("短信验证码"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_mobile(self):
        from forms_app.fields.identity import MobileField

        return MobileField().clean(self.cleaned_data["mobile"])


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def application_data(application: Application) -> dict:
    """Everything stored about ``application`` that concerns the applicant, readable as JSON."""
    return {
        "报名号": application.number,
        "姓名": application.name,
        "居民身份证号码": application.id_number,
        "手机号码": application.mobile,
        "职业": application.occupation.title,
        "工种/方向": application.specialty,
        "等级": application.level_label,
        "考试批次": application.exam_period.name,
        "状态": str(application.get_status_display()),
        "审核意见": application.status_reason,
        "提交时间": _when(application.submitted_at),
        "其他填写内容": application.answers,
        "资格判断": application.eligibility,
        "办理记录": [
            {
                "时间": _when(event.created_at),
                "状态": str(
                    dict(Application._meta.get_field("status").choices).get(
                        event.to_status, event.to_status
                    )
                ),
                "说明": event.reason,
            }
            for event in application.events.all()
        ],
        "上传的材料": [
            {"字段": f.field_name, "文件": f"files/{_file_name(f)}", "原文件名": f.original_name}
            for f in application.files.all()
        ],
    }


def _file_name(stored) -> str:
    return f"{stored.field_name}-{stored.file.name.rsplit('/', 1)[-1]}"


def application_archive(application: Application) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = json.dumps(application_data(application), ensure_ascii=False, indent=2)
        archive.writestr("data.json", data)
        for stored in application.files.all():
            try:
                with stored.file.open("rb") as handle:
                    archive.writestr(f"files/{_file_name(stored)}", handle.read())
            except OSError:
                logger.error("File %s of application %s is missing", stored.pk, application.pk)
    return buffer.getvalue()


def my_data(request: HttpRequest) -> HttpResponse:
    form = MyDataForm(request.POST or None)
    context = {"form": form, "page_title": _("下载我的报名数据"), "purpose": PURPOSE}
    if request.method != "POST":
        return render(request, "forms_app/my_data.html", context)
    limit, window = DOWNLOADS_PER_IP
    if not ratelimit.hit("my-data-ip", ratelimit.client_ip(request), limit=limit, window=window):
        return render(request, "429.html", status=429)
    if not form.is_valid():
        return render(request, "forms_app/my_data.html", context, status=400)
    data = form.cleaned_data
    try:
        verification.verify_code(mobile=data["mobile"], purpose=PURPOSE, code=data["code"])
    except verification.VerificationRefused as refused:
        context["error"] = refused.message
        return render(request, "forms_app/my_data.html", context, status=refused.status)
    application = application_by_number(number=data["number"], mobile=data["mobile"])
    if application is None:
        context["error"] = _("没有找到与该手机号码匹配的报名号，请核对后重新获取验证码。")
        return render(request, "forms_app/my_data.html", context, status=404)
    logger.info(
        "Applicant downloaded their data: application %s (mobile %s)",
        application.number,
        mask_mobile(data["mobile"]),
    )
    response = HttpResponse(application_archive(application), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{application.number}.zip"'
    return protect_file_response(response)
