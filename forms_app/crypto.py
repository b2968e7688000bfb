"""Personal data at rest: Fernet encryption (rotatable keys) and a keyed HMAC for lookups.

Keys come from settings (PERSONAL_DATA_KEYS, newest first; PERSONAL_DATA_HMAC_KEY). A value is
always encrypted with the newest key and decrypted with any; `rotate` re-encrypts with the
newest. The HMAC never changes with rotation, so uniqueness and exact search keep working.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    # cryptography (~8 MB resident) is imported on first use, not when the models load: a process
    # that never encrypts or decrypts (migrate, most management commands, a masked export) skips it.
    from cryptography.fernet import Fernet, MultiFernet

    if not keys:
        raise ImproperlyConfigured("PERSONAL_DATA_KEYS is empty: personal data cannot be stored.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PERSONAL_DATA_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Personal data cannot be decrypted with PERSONAL_DATA_KEYS (a key was removed?)."
        ) from error


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()


def lookup_hash(value: str) -> str:
    """Keyed HMAC-SHA256 of a normalised value, for exact lookups and uniqueness."""
    key = settings.PERSONAL_DATA_HMAC_KEY.encode()
    if not key:
        raise ImproperlyConfigured("PERSONAL_DATA_HMAC_KEY is not set.")
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """1525**********1234: region prefix and last four only."""
    return value[:4] + "*" * max(len(value) - 8, 0) + value[-4:] if len(value) > 8 else "****"


def mask_mobile(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else "****"


class EncryptedTextField(models.TextField):
    """A text column holding Fernet tokens; Python code sees the plain text."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def encrypted_fields(model) -> list[str]:
    """Names of the model's encrypted columns."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def reencrypt(model, *, batch_size: int = 500) -> int:
    """Encrypt every row's encrypted columns again with the newest key, ``batch_size`` rows per
    transaction (rows locked meanwhile); returns the number of rows. Values and HMACs stay."""
    fields = encrypted_fields(model)
    count, last = 0, None
    while fields:
        with transaction.atomic():
            rows = model._default_manager.select_for_update().order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows.only("pk", *fields)[:batch_size])
            if not batch:
                break
            model._default_manager.bulk_update(batch, fields)
        count += len(batch)
        last = batch[-1].pk
    return count
