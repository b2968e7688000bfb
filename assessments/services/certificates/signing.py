"""The signed payload in a certificate's QR code (Ed25519, ``cryptography``).

A printed certificate can be checked without the site: its QR code carries

    ZS1.<key id>.<body>.<signature>

``body`` is the url-safe base64 (no padding) of the UTF-8 fields number, name, occupation,
specialty, level (1–5) and issue date (YYYY-MM-DD), joined by U+001F; ``signature`` the url-safe
base64 of the Ed25519 signature of the ASCII text ``ZS1.<key id>.<body>``. The public keys are
published at ``/.well-known/certificate-keys.json`` and on the verification page, by key id.

Keys come from settings: CERTIFICATE_SIGNING_KEYS ("key id:private key", newest first; the first
signs, all verify) and CERTIFICATE_RETIRED_PUBLIC_KEYS ("key id:public key", verify only). To
rotate: put a new key in front (``manage.py certificate_signing_key`` prints one) and, when the
old private key should go, move its public half to the retired list. Old certificates keep
verifying because the key id travels in the payload.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "ZS1"
SEPARATOR = "\x1f"
ALGORITHM = "Ed25519"
#: The development/test key: published in this repository, refused in production (checks).
DEVELOPMENT_KEY = "dev:tovP3h9EW805nnMIaNd2MmiTVnBzvjf4utDb6Fmjyq4"


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SignedFields:
    number: str
    name: str
    occupation: str
    specialty: str
    level: int
    issued_on: datetime.date
    key_id: str = ""


def parse_key_entry(entry: str) -> tuple[str, str]:
    key_id, sep, key = entry.partition(":")
    if not sep or not key_id.strip() or not key.strip():
        raise ValueError("a key entry is 'key id:url-safe base64 key'")
    if "." in key_id:
        raise ValueError("a key id may not contain '.'")
    return key_id.strip(), key.strip()


@cache
def _private_keys(entries: tuple[str, ...]):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    keys = []
    for entry in entries:
        key_id, text = parse_key_entry(entry)
        keys.append((key_id, Ed25519PrivateKey.from_private_bytes(b64decode(text))))
    return keys


@cache
def _public_keys(signing: tuple[str, ...], retired: tuple[str, ...]):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    keys = {key_id: key.public_key() for key_id, key in _private_keys(signing)}
    for entry in retired:
        key_id, text = parse_key_entry(entry)
        keys.setdefault(key_id, Ed25519PublicKey.from_public_bytes(b64decode(text)))
    return keys


def signing_entries() -> tuple[str, ...]:
    return tuple(getattr(settings, "CERTIFICATE_SIGNING_KEYS", []) or [])


def retired_entries() -> tuple[str, ...]:
    return tuple(getattr(settings, "CERTIFICATE_RETIRED_PUBLIC_KEYS", []) or [])


def current_key():
    keys = _private_keys(signing_entries())
    if not keys:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEYS is empty: certificates cannot be signed."
        )
    return keys[0]


def public_keys() -> dict:
    """Every key that verifies, by key id: the signing keys' public halves, then retired ones."""
    return _public_keys(signing_entries(), retired_entries())


def published_keys() -> list[dict]:
    """The public keys as the verification page and /.well-known/ publish them."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    signing_ids = [parse_key_entry(entry)[0] for entry in signing_entries()]
    return [
        {
            "kid": key_id,
            "alg": ALGORITHM,
            "public_key": b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)),
            "use": "current" if signing_ids[:1] == [key_id] else "verify",
        }
        for key_id, key in public_keys().items()
    ]


def sign(fields: SignedFields) -> tuple[str, str]:
    """The payload for ``fields`` and the id of the key that signed it."""
    key_id, key = current_key()
    body = SEPARATOR.join(
        [
            fields.number,
            fields.name,
            fields.occupation,
            fields.specialty,
            str(fields.level),
            fields.issued_on.isoformat(),
        ]
    )
    signed = f"{PREFIX}.{key_id}.{b64encode(body.encode('utf-8'))}"
    return f"{signed}.{b64encode(key.sign(signed.encode('ascii')))}", key_id


class PayloadInvalid(ValueError):
    """The text is not a payload this site signed (malformed, unknown key or forged)."""


def verify(payload: str) -> SignedFields:
    """The fields of a genuine payload; PayloadInvalid otherwise. Needs only the public keys."""
    from cryptography.exceptions import InvalidSignature

    parts = (payload or "").strip().split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        raise PayloadInvalid("not a certificate payload")
    _prefix, key_id, body, signature = parts
    key = public_keys().get(key_id)
    if key is None:
        raise PayloadInvalid("unknown key")
    try:
        key.verify(b64decode(signature), f"{PREFIX}.{key_id}.{body}".encode("ascii"))
        values = b64decode(body).decode("utf-8").split(SEPARATOR)
        number, name, occupation, specialty, level, issued_on = values
        return SignedFields(
            number=number,
            name=name,
            occupation=occupation,
            specialty=specialty,
            level=int(level),
            issued_on=datetime.date.fromisoformat(issued_on),
            key_id=key_id,
        )
    except (InvalidSignature, binascii.Error, UnicodeError, ValueError) as error:
        raise PayloadInvalid("signature or content invalid") from error


def generate_key_entry(key_id: str) -> str:
    """A new "key id:private key" entry for CERTIFICATE_SIGNING_KEYS."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    raw = Ed25519PrivateKey.generate().private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )
    return f"{key_id}:{b64encode(raw)}"
