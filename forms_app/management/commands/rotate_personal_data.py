"""Re-encrypt personal data with the newest key after a new key was put first in
PERSONAL_DATA_KEYS. Keep the old key listed until this has run; then it may be removed."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from forms_app.crypto import encrypted_fields, reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt every application's ID number and mobile number (and any other encrypted "
        "column) with the newest key of PERSONAL_DATA_KEYS, in batches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="rows per transaction (default 500)"
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            count = reencrypt(model, batch_size=batch_size)
            total += count
            self.stdout.write(
                f"{model._meta.label}: {count} rows re-encrypted ({', '.join(fields)})"
            )
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows with the newest key."))
