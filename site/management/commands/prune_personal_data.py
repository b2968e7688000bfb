"""manage.py prune_personal_data [--dry-run]: delete personal data whose time is up (expired
drafts, old export files, import uploads, ...; see hostsite.prune). Run it hourly
(deploy/skills-prune.timer)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from hostsite.prune import prune_all


class Command(BaseCommand):
    help = "Delete expired personal data (drafts, export files, import uploads, stale jobs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        counts = prune_all(now=timezone.now(), dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for name, count in counts.items():
            shown = "FAILED (see the log)" if count is None else f"{verb} {count}"
            self.stdout.write(f"{name}: {shown}")
        failed = [name for name, count in counts.items() if count is None]
        if failed:
            raise CommandError(f"Pruners failed: {', '.join(failed)}")
