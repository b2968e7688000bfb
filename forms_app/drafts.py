"""保存草稿，稍后继续: keep a half-filled registration form and resume it through a secret link.

The button ``save_draft`` on the form stores what the applicant typed (never files) as one JSON
document encrypted with the personal-data keys (it holds the ID and mobile numbers) in an
ApplicationDraft, keyed by the SHA-256 of a random token. The applicant gets the link
``<page url>?draft=<token>``; opening it prefills the form, saving again from it updates the same
draft, submitting the application deletes it. Drafts expire after FORMS_APP_DRAFT_DAYS days
(default 30); expired ones are deleted whenever a draft is saved. Saves are limited per IP
address (10 an hour; setting FORMS_DRAFT_RATE_PER_IP = (limit, seconds)).

``serve_form``, ``serve_save`` and ``discard`` are what forms_app.views calls.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from forms_app import held_uploads, privacy, ratelimit
from forms_app.forms import CODE_FIELD, HONEYPOT
from forms_app.models import ApplicationDraft

PARAM = "draft"
BUTTON = "save_draft"
DRAFTS_PER_IP = (10, 3600)  # (limit, seconds)
MAX_PAYLOAD = 64 * 1024  # bytes of JSON: far more than any form's text


class DraftRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def draft_rate() -> tuple[int, int]:
    """(saves, seconds) per IP address; the setting FORMS_DRAFT_RATE_PER_IP overrides it."""
    return getattr(settings, "FORMS_DRAFT_RATE_PER_IP", DRAFTS_PER_IP)


def draft_days() -> int:
    return getattr(settings, "FORMS_APP_DRAFT_DAYS", 30)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- services ---------------------------------------------------------------------------------


def draft_values(form) -> dict:
    """What the applicant typed into each field, as the widgets read it (files left out)."""
    values = {}
    for name, field in form.fields.items():
        if name in (HONEYPOT, CODE_FIELD, privacy.GENERAL, privacy.SENSITIVE) or isinstance(
            field, forms.FileField
        ):
            continue
        values[name] = field.widget.value_from_datadict(
            form.data, form.files, form.add_prefix(name)
        )
    return values


def draft_get(*, page, token: str | None) -> ApplicationDraft | None:
    """The live draft of this form with this token, or None (unknown, expired, other form)."""
    if not token or len(token) > 100:
        return None
    return ApplicationDraft.objects.filter(
        form_page=page, token_hash=token_hash(token), expires_at__gt=timezone.now()
    ).first()


def draft_save(*, page, values: dict, token: str | None = None) -> tuple[ApplicationDraft, str]:
    """Store ``values``; update the draft of ``token`` if it is live, else start a new one.
    Returns the draft and the token of its link."""
    payload = json.dumps(values, ensure_ascii=False)
    if len(payload.encode()) > MAX_PAYLOAD:
        raise DraftRefused(_("填写的内容过长，无法保存草稿。"))
    now = timezone.now()
    expires_at = now + timedelta(days=draft_days())
    with transaction.atomic():
        ApplicationDraft.objects.filter(expires_at__lte=now).delete()
        draft = draft_get(page=page, token=token)
        if draft is None:
            token = secrets.token_urlsafe(32)
            draft = ApplicationDraft(form_page=page, token_hash=token_hash(token))
        draft.payload = payload
        draft.expires_at = expires_at
        draft.save()
    return draft, token


def draft_load(*, page, token: str | None) -> dict | None:
    draft = draft_get(page=page, token=token)
    return json.loads(draft.payload) if draft else None


def draft_delete(*, page, token: str | None) -> None:
    if token:
        ApplicationDraft.objects.filter(form_page=page, token_hash=token_hash(token)).delete()


# --- what the registration view calls ---------------------------------------------------------


def serve_form(page, request: HttpRequest, context: dict) -> HttpResponse:
    """The empty form, or the form prefilled from the draft named in ``?draft=`` (with the
    files saved with it shown as kept)."""
    from forms_app.fields.target import requested_target

    token = request.GET.get(PARAM)
    initial = requested_target(page, request.GET)
    draft = draft_get(page=page, token=token)
    if token and draft is None:
        context["error"] = _(
            "草稿链接无效或已过期（草稿保存%(days)s天），请重新填写报名表。"
        ) % {"days": draft_days()}
    elif draft is not None:
        initial = json.loads(draft.payload)
        context["notice"] = _("已恢复您保存的草稿。")
    form = page.get_form(page=page, user=request.user, initial=initial)
    if draft is not None:
        held_uploads.kept_for_draft(form, page=page, draft=draft)
    context["form"] = form
    response = TemplateResponse(request, page.get_template(request), context)
    if token:
        add_never_cache_headers(response)
    return response


def serve_save(page, request: HttpRequest, context: dict) -> HttpResponse:
    """The 保存草稿 button: store the answers and checked files (only with the applicant's
    consent: a draft holds their ID number) and show the link to come back to them."""
    limit, window = draft_rate()
    if not ratelimit.hit(
        "draft-ip", ratelimit.client_ip(request), limit=limit, window=window, fail_open=True
    ):
        return ratelimit.too_many_requests(request)
    token = request.GET.get(PARAM)
    holder = held_uploads.holder_for(request, draft=draft_get(page=page, token=token))
    files = held_uploads.files_with_kept(request, page=page, holder=holder)
    form = page.get_form(request.POST, files, page=page, user=request.user)
    values = draft_values(form)
    status = 200
    if form.is_bot:
        context["error"], status = _("提交未被接受。请刷新页面后重新填写。"), 400
    elif context.get("closed_reason"):
        context["error"], status = context["closed_reason"], 403
    elif not privacy.consented(form):
        context["error"], status = (
            _(
                "草稿会保存您的身份证号码等个人信息，请先阅读《个人信息处理规则》并勾选两项同意，"
                "再保存草稿。"
            ),
            400,
        )
    else:
        try:
            draft, token = draft_save(page=page, values=values, token=token)
        except DraftRefused as error:
            context["error"], status = error.message, 400
        else:
            holder.draft = draft
            held_uploads.check_uploads(form)
            kept = held_uploads.keep(form, page=page, holder=holder, allowed=True)
            link = request.build_absolute_uri(f"{page.get_url(request)}?{PARAM}={token}")
            response = TemplateResponse(
                request,
                "forms_app/draft_saved.html",
                {
                    "page": page,
                    "link": link,
                    "expires_at": draft.expires_at,
                    "days": draft_days(),
                    "kept_files": list(kept.values()),
                    "page_title": _("草稿已保存"),
                },
            )
            add_never_cache_headers(response)
            return held_uploads.remember(response, request, holder)
    kept = {}
    if privacy.consented(form):
        held_uploads.check_uploads(form)
        kept = held_uploads.keep(form, page=page, holder=holder, allowed=True)
    context["form"] = page.get_form(page=page, user=request.user, initial=values)
    held_uploads.show_kept(context["form"], kept)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return held_uploads.remember(response, request, holder)


def discard(page, request: HttpRequest) -> None:
    """After a successful submission: the draft it was resumed from is no longer needed (its
    kept files go with it)."""
    draft_delete(page=page, token=request.GET.get(PARAM))
