"""What the registration plugin deletes when its time is up (hostsite.prune registry): expired
drafts, SMS verification codes, uploads kept across form errors (forms_app.held_uploads), export
files (full-number ones after a day, masked ones after a week) and uploaded import lists never
confirmed."""

from __future__ import annotations

from datetime import datetime

from hostsite.prune import pruner

from forms_app.exchange import services as exchange


@pruner("drafts")
def expired_drafts(*, now: datetime, dry_run: bool) -> int:
    from forms_app.models import ApplicationDraft

    expired = ApplicationDraft.objects.filter(expires_at__lte=now)
    return expired.count() if dry_run else expired.delete()[1].get(ApplicationDraft._meta.label, 0)


@pruner("export_files")
def export_files(*, now: datetime, dry_run: bool) -> int:
    return exchange.exports_prune(now=now, dry_run=dry_run)


@pruner("import_uploads")
def import_uploads(*, now: datetime, dry_run: bool) -> int:
    return exchange.imports_prune(now=now, dry_run=dry_run)


@pruner("imports")
def imports(*, now: datetime, dry_run: bool) -> int:
    """Uploaded lists checked or staged but not published within a day (staged rows too)."""
    from forms_app.exchange import staging

    return staging.imports_prune(now=now, dry_run=dry_run)


@pruner("held_uploads")
def held_uploads(*, now: datetime, dry_run: bool) -> int:
    from forms_app import held_uploads as held

    return held.purge_expired(now=now, dry_run=dry_run)


@pruner("verification_codes")
def verification_codes(*, now: datetime, dry_run: bool) -> int:
    """SMS codes (hashes) a day past their expiry."""
    from forms_app.verification import codes_prune

    return codes_prune(now=now, dry_run=dry_run)
