"""Uploads kept across form errors (已上传：…（可更换）): a phone applicant chooses a file once.

When the registration form is shown again (any error: a field, the eligibility question, a
duplicate, a closed form) or saved as a draft, every upload that passed its checks
(forms_app.uploads) is stored as a HeldUpload in private storage (PRIVATE_MEDIA_ROOT/held/,
outside MEDIA_ROOT) and the form carries a random token for it in the hidden input
``held-upload-<field>``. Posting the form again without choosing a new file for that field
reuses the kept file; choosing one replaces it.

A token alone attaches nothing: it must come with the browser's form-session cookie
(``forms_app_uploads``, random, HTTP-only; its SHA-256 is stored) or with the draft link the
upload was saved with, and name the same form and field. So a stranger who learns a token still
cannot attach someone else's file.

Kept files are deleted when the application is submitted (its own copies are stored with it),
when their draft is deleted or expires, and when they expire (FORMS_APP_HELD_UPLOAD_HOURS,
default 24 hours; a draft's files live as long as the draft): expired ones are purged whenever a
file is kept and by ``manage.py prune_personal_data``. Nothing is kept unless the applicant has
ticked both consents (forms_app.privacy).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from forms_app import ratelimit
from forms_app.choices import FileKind
from forms_app.models import HeldUpload
from forms_app.uploads import CleanUpload

COOKIE = "forms_app_uploads"
PREFIX = "held-upload-"
TOKEN_BYTES = 32
#: New kept files per address (limit, seconds); FORMS_APP_HELD_UPLOADS_PER_IP overrides it. A
#: school room of 60 applicants correcting forms stays far below; filling the disk does not.
HELD_PER_IP = (300, 3600)


def hold_hours() -> int:
    return getattr(settings, "FORMS_APP_HELD_UPLOAD_HOURS", 24)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class Holder:
    """Who may use kept files: this browser (its cookie) and the draft being edited, if any."""

    owner: str
    draft: object | None = None  # ApplicationDraft
    new_cookie: bool = False
    ip: str = ""

    @property
    def owner_hash(self) -> str:
        return _hash(self.owner)

    def scope(self) -> Q:
        scope = Q(owner_hash=self.owner_hash)
        if self.draft is not None:
            scope |= Q(draft=self.draft)
        return scope


def holder_for(request: HttpRequest, *, draft=None) -> Holder:
    owner = request.COOKIES.get(COOKIE, "")
    ip = ratelimit.client_ip(request)
    if not (20 <= len(owner) <= 100):
        owner = secrets.token_urlsafe(TOKEN_BYTES)
        return Holder(owner=owner, draft=draft, new_cookie=True, ip=ip)
    return Holder(owner=owner, draft=draft, ip=ip)


def remember(response: HttpResponse, request: HttpRequest, holder: Holder) -> HttpResponse:
    """Give a browser that had no form-session cookie the one its kept files are tied to."""
    if holder.new_cookie:
        response.set_cookie(
            COOKIE,
            holder.owner,
            max_age=max(hold_hours() * 3600, 3600),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


@dataclass(frozen=True)
class Kept:
    """A kept file as the form shows it: its name and the token that brings it back."""

    token: str
    name: str
    size: int


class HeldFile(UploadedFile):
    """A kept upload posted again by its token: already checked, so the field takes it as is."""

    def __init__(self, held: HeldUpload, token: str):
        super().__init__(
            file=None,
            name=held.original_name,
            content_type=held.content_type,
            size=held.original_size,
        )
        self.held = held
        self.token = token

    def clean_upload(self) -> CleanUpload:
        suffix = PurePath(self.held.file.name).suffix or ".bin"
        stem = "photo" if self.held.kind == FileKind.PHOTO else "document"
        upload = CleanUpload(
            self.held.file.storage.open(self.held.file.name, "rb"),
            name=f"{stem}{suffix}",
            content_type=self.held.content_type,
            original_name=self.held.original_name,
            original_size=self.held.original_size,
        )
        upload.held = self.held
        upload.token = self.token
        return upload


def _claim(*, page, field_name: str, token: str, holder: Holder) -> HeldUpload | None:
    if not token or len(token) > 100:
        return None
    return (
        HeldUpload.objects.filter(
            token_hash=_hash(token),
            form_page=page,
            field_name=field_name,
            expires_at__gt=timezone.now(),
        )
        .filter(holder.scope())
        .first()
    )


def files_with_kept(request: HttpRequest, *, page, holder: Holder):
    """The request's files plus, for each field without a new file, the kept file its token
    names (if this browser or draft may use it)."""
    files = request.FILES.copy()
    for key, token in request.POST.items():
        if not key.startswith(PREFIX):
            continue
        field_name = key.removeprefix(PREFIX)
        if files.get(field_name):
            continue  # a new file replaces the kept one
        held = _claim(page=page, field_name=field_name, token=token, holder=holder)
        if held is not None:
            files[field_name] = HeldFile(held, token)
    return files


def purge_expired(*, now=None, dry_run: bool = False) -> int:
    """Delete expired kept files (the post_delete receiver removes them from storage); also run
    by ``manage.py prune_personal_data`` (forms_app.prune)."""
    expired = HeldUpload.objects.filter(expires_at__lte=now or timezone.now())
    if dry_run:
        return expired.count()
    count = 0
    for held in expired:
        held.delete()
        count += 1
    return count


def _checked_uploads(form) -> dict[str, CleanUpload]:
    """The uploads of ``form`` that passed their checks, from a validated form's cleaned_data."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    return {name: value for name, value in cleaned.items() if isinstance(value, CleanUpload)}


def check_uploads(form) -> None:
    """Check only the file fields of a form that is not validated as a whole (a draft save)."""
    from django import forms as django_forms
    from django.core.exceptions import ValidationError

    form.cleaned_data = {}
    for name, field in form.fields.items():
        if not isinstance(field, django_forms.FileField):
            continue
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        if not value:
            continue
        try:
            form.cleaned_data[name] = field.clean(value)
        except ValidationError:
            continue


def _kind_of(form, name: str) -> str:
    from forms_app.fields.uploads import PhotoField

    return FileKind.PHOTO if isinstance(form.fields.get(name), PhotoField) else FileKind.DOCUMENT


def keep(form, *, page, holder: Holder, allowed: bool) -> dict[str, Kept]:
    """Store each checked upload of ``form`` not kept yet (or re-tie a kept one to the draft)
    and show them on the form as kept. ``allowed``: the applicant consented to storing them."""
    if not allowed or not form.is_bound:
        return {}
    uploads = _checked_uploads(form)
    if not uploads:
        return {}
    purge_expired()
    now = timezone.now()
    expires_at = now + timedelta(hours=hold_hours())
    if holder.draft is not None:
        expires_at = max(expires_at, holder.draft.expires_at)
    kept: dict[str, Kept] = {}
    for name, upload in uploads.items():
        held = getattr(upload, "held", None)
        if held is not None:
            token = upload.token
            held.draft = holder.draft or held.draft
            held.expires_at = max(held.expires_at, expires_at)
            held.save(update_fields=["draft", "expires_at"])
        else:
            limit, window = getattr(settings, "FORMS_APP_HELD_UPLOADS_PER_IP", HELD_PER_IP)
            if not ratelimit.hit("held-ip", holder.ip, limit=limit, window=window):
                continue  # not kept: chosen again after the correction
            # A browser keeps one file per field: an earlier one is replaced.
            for earlier in HeldUpload.objects.filter(
                form_page=page, field_name=name, owner_hash=holder.owner_hash, draft=None
            ):
                earlier.delete()
            token = secrets.token_urlsafe(TOKEN_BYTES)
            suffix = PurePath(upload.name).suffix or ".bin"
            upload.seek(0)
            held = HeldUpload(
                form_page=page,
                field_name=name,
                kind=_kind_of(form, name),
                token_hash=_hash(token),
                owner_hash=holder.owner_hash,
                draft=holder.draft,
                original_name=upload.original_name[:255] or upload.name,
                original_size=upload.original_size,
                content_type=upload.content_type,
                expires_at=expires_at,
            )
            held.file.save(f"{secrets.token_hex(16)}{suffix}", File(upload), save=False)
            held.save()
        kept[name] = Kept(token=token, name=held.original_name, size=held.original_size)
    show_kept(form, kept)
    return kept


def show_kept(form, kept: dict[str, Kept]) -> None:
    for name, item in kept.items():
        if name in form.fields:
            form.fields[name].widget.kept = item


def kept_for_draft(form, *, page, draft) -> dict[str, Kept]:
    """The files saved with ``draft``, shown on the form resumed from its link. Their tokens
    are renewed (only hashes are stored), so the form can carry them."""
    kept: dict[str, Kept] = {}
    for held in HeldUpload.objects.filter(
        form_page=page, draft=draft, expires_at__gt=timezone.now()
    ).order_by("pk"):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        held.token_hash = _hash(token)
        held.save(update_fields=["token_hash"])
        kept[held.field_name] = Kept(token=token, name=held.original_name, size=held.original_size)
    show_kept(form, kept)
    return kept


def release(*, page, holder: Holder) -> None:
    """After a submission: the kept files of this browser (and draft) for this form go."""
    for held in HeldUpload.objects.filter(form_page=page).filter(holder.scope()):
        held.delete()
