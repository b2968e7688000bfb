"""Certificate numbers: a registry of formats and the gapless serial behind them.

A format composes a number from the issuer (the parts its staff set), the year, the level and
the serial, and says how many serials it can hold. Register another with::

    @certificate_number_format("mine")
    class Mine(NumberFormat):
        label = _("…")
        def compose(self, *, issuer, year, level, serial) -> str: ...

Serials are counted per issuer, year and level in one ``CertificateSerial`` row, incremented
only in the transaction that gives the serials to certificates (``issue_with_number``): two
issuers never get the same serial, and a transaction that fails gives its serials back with its
rollback (no gaps). A serial once committed is never given again, whatever happens to its
certificate (revoked numbers stay revoked).
"""

from __future__ import annotations

import hashlib
import time

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import CertificateIssuer, CertificateSerial
from assessments.services.certificates.errors import CertificateRefused

FORMATS: dict[str, NumberFormat] = {}


class NumberFormat:
    name = ""
    label = ""
    max_serial = 999_999

    def compose(self, *, issuer: CertificateIssuer, year: int, level: int, serial: int) -> str:
        raise NotImplementedError


def certificate_number_format(name: str):
    def register(cls: type[NumberFormat]) -> type[NumberFormat]:
        instance = cls()
        instance.name = name
        FORMATS[name] = instance
        return cls

    return register


def get_format(name: str) -> NumberFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise CertificateRefused(_("未知的证书编号格式“%(name)s”。") % {"name": name}) from None


def format_choices() -> list[tuple[str, str]]:
    return [(name, str(fmt.label)) for name, fmt in FORMATS.items()]


@certificate_number_format("national22")
class National22(NumberFormat):
    """The national layout, 22 characters: 1 kind (Y/S), 2–5 ministry code, 6–7 province,
    8–13 organisation/site serial, 14–15 year's last two digits, 16 level, 17–22 serial."""

    label = _("全国统一 22 位编号")
    max_serial = 999_999

    def compose(self, *, issuer, year, level, serial) -> str:
        number = (
            f"{issuer.kind}{issuer.ministry_code}{issuer.province_code}{issuer.site_serial}"
            f"{year % 100:02d}{level}{serial:06d}"
        )
        if len(number) != 22:
            raise CertificateRefused(
                _("发证机构“%(issuer)s”的编号设置不完整（第 1–13 位）。") % {"issuer": issuer}
            )
        return number


#: Seconds an issuer waits for its certificates to be numbered before giving up (503).
TURN_TIMEOUT = 30


def issue_with_number(*, store, issuer: CertificateIssuer, year: int, level: int, sign):
    """Run ``store()``, which stores certificates of issuer/year/level without numbers and
    returns them, and give them their serials, numbers and payloads (``sign(certificate)``
    returns the payload and key id of a numbered certificate); returns them numbered.

    One issuer at a time numbers: whoever holds a transaction-scoped advisory lock (PostgreSQL;
    SQLite has one writer anyway) numbers, in the order they were stored, every certificate of
    issuer/year/level still without a serial — its own, not yet committed, and those others
    committed meanwhile — and adds the batch's size to the counter row with one
    ``UPDATE … RETURNING`` (which also row-locks it), in the transaction that stored its own.
    An issuer that does not get the lock commits its certificates unnumbered, waits for the
    turn to end (a shared lock: the end of a turn wakes every waiter at once), takes the numbers
    given to its certificates in that turn, or else tries for the next turn. Parallel issuers
    thus share commits instead of each waiting for everyone else's; serials stay gapless and
    unique (a rolled-back turn takes its serials back), and a certificate left unnumbered by a
    process that died is numbered in the next turn. Inside a caller's transaction (or on
    SQLite) the turn is simply waited for and kept until that transaction ends."""
    from assessments.models import Certificate

    if connection.in_atomic_block or connection.vendor != "postgresql":
        with transaction.atomic():
            certificates = store()
            _number_all(
                issuer=issuer,
                year=year,
                level=level,
                sign=sign,
                key=_lock_key(issuer.pk, year, level),
                wait=True,
            )
        _take_numbers(certificates)
        return certificates
    key = _lock_key(issuer.pk, year, level)
    with transaction.atomic():
        certificates = store()
        if _try_turn(key):
            _number_all(issuer=issuer, year=year, level=level, sign=sign, key=key, wait=False)
            _take_numbers(certificates)
            return certificates
    # committed unnumbered: wait for turns to end until ours are numbered, or number them
    pks = [c.pk for c in certificates]
    deadline = time.monotonic() + TURN_TIMEOUT
    while True:
        _wait_for_turn_to_end(key)
        if not Certificate.objects.filter(pk__in=pks, serial__isnull=True).exists():
            break
        with transaction.atomic():
            if _try_turn(key):
                _number_all(issuer=issuer, year=year, level=level, sign=sign, key=key, wait=False)
                break
        if time.monotonic() > deadline:
            raise CertificateRefused(_("正在为其他证书编号，请稍后再试。"), status=503)
    _take_numbers(certificates)
    return certificates


def _take_numbers(certificates) -> None:
    from assessments.models import Certificate

    values = {
        row[0]: row[1:]
        for row in Certificate.objects.filter(pk__in=[c.pk for c in certificates]).values_list(
            "pk", "serial", "number", "payload", "key_id"
        )
    }
    for certificate in certificates:
        certificate.serial, certificate.number, certificate.payload, certificate.key_id = values[
            certificate.pk
        ]


def _number_all(*, issuer, year, level, sign, key: int, wait: bool) -> int:
    """Number every certificate of issuer/year/level without a serial, in the caller's
    transaction (which holds the turn, or waits for it when ``wait``)."""
    from assessments.models import Certificate

    if wait:
        _wait_turn(key)

    pending = list(
        Certificate.objects.filter(
            issuer=issuer, year=year, level=level, serial__isnull=True
        ).order_by("pk")
    )
    if not pending:
        return 0
    last = _increment(issuer.pk, year, level, by=len(pending))
    if last is None:  # the first of this year and level: make the row, then count
        CertificateSerial.objects.bulk_create(
            [CertificateSerial(issuer=issuer, year=year, level=level)], ignore_conflicts=True
        )
        last = _increment(issuer.pk, year, level, by=len(pending))
    fmt = get_format(issuer.number_format)
    if last > fmt.max_serial:
        raise CertificateRefused(
            _("%(year)s 年该等级的证书流水号已用完（最多 %(max)s 个）。")
            % {"year": year, "max": fmt.max_serial}
        )
    for serial, certificate in enumerate(pending, start=last - len(pending) + 1):
        certificate.serial = serial
        certificate.number = fmt.compose(issuer=issuer, year=year, level=level, serial=serial)
        certificate.payload, certificate.key_id = sign(certificate)
    Certificate.objects.bulk_update(pending, ["serial", "number", "payload", "key_id"])
    return len(pending)


def _lock_key(issuer_id: int, year: int, level: int) -> int:
    digest = hashlib.blake2b(
        f"assessments.certificate_serial:{issuer_id}:{year}:{level}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def _try_turn(key: int) -> bool:
    """Whether this transaction may number now (PostgreSQL: an exclusive advisory lock held
    until the transaction ends, if nobody holds it)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        return bool(cursor.fetchone()[0])


def _wait_turn(key: int) -> None:
    """Wait for the turn and keep it until the transaction ends (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _wait_for_turn_to_end(key: int) -> None:
    """Block until whoever numbers now has committed: take the lock shared and give it back,
    in one statement outside any transaction (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_lock_shared(%s), pg_advisory_unlock_shared(%s)", [key, key]
        )


def _increment(issuer_id: int, year: int, level: int, *, by: int) -> int | None:
    """Add ``by`` to the counter row and return its new value, in one round trip."""
    table = connection.ops.quote_name(CertificateSerial._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_serial = last_serial + %s "  # noqa: S608 (table name only)
            "WHERE issuer_id = %s AND year = %s AND level = %s RETURNING last_serial",
            [by, issuer_id, year, level],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def compose_number(*, issuer: CertificateIssuer, year: int, level: int, serial: int) -> str:
    return get_format(issuer.number_format).compose(
        issuer=issuer, year=year, level=level, serial=serial
    )
