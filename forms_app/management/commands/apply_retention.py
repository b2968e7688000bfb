"""manage.py apply_retention [--dry-run]: delete applicants' files and anonymise applications
whose retention period (PERSONAL_DATA_RETENTION, days after their exam period ends) is over."""

from django.core.management.base import BaseCommand

from forms_app.retention import retention_apply, retention_days


class Command(BaseCommand):
    help = "Apply PERSONAL_DATA_RETENTION: delete old files, anonymise old applications."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")

    def handle(self, *args, dry_run: bool = False, **options):
        report = retention_apply(dry_run=dry_run)
        verb = "would" if dry_run else "did"
        self.stdout.write(
            f"files (kept {retention_days('files')} days after the period ends): "
            f"{verb} delete {report.files}"
        )
        self.stdout.write(
            f"applications (kept {retention_days('applications')} days after the period ends): "
            f"{verb} anonymise {report.applications}"
        )
