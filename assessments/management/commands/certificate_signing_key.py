"""Print a new Ed25519 key for CERTIFICATE_SIGNING_KEYS ("key id:private key") and its public
half; nothing is stored. Put the new entry first to rotate (see README "Environment")."""

from django.core.management.base import BaseCommand, CommandError

from assessments.services.certificates import signing


class Command(BaseCommand):
    help = "Print a new certificate signing key entry for CERTIFICATE_SIGNING_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="a short id printed into every payload, e.g. 2026a")

    def handle(self, *args, key_id: str, **options):
        if not key_id or "." in key_id or ":" in key_id or len(key_id) > 16:
            raise CommandError("A key id has at most 16 characters and no '.' or ':'.")
        entry = signing.generate_key_entry(key_id)
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        private = Ed25519PrivateKey.from_private_bytes(signing.b64decode(entry.split(":", 1)[1]))
        public = signing.b64encode(
            private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        self.stdout.write(f"CERTIFICATE_SIGNING_KEYS entry (secret): {entry}")
        self.stdout.write(
            f"public key (for CERTIFICATE_RETIRED_PUBLIC_KEYS later): {key_id}:{public}"
        )
