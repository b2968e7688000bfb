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


def issue_with_number(*, store, issuer: CertificateIssuer, year: int, level: int, sign):
    """Run ``store()``, which stores certificates of issuer/year/level without numbers and
    returns them (in the order they are to be numbered), and give them consecutive serials,
    their numbers and payloads (``sign(certificate)`` returns the payload and key id of a
    numbered certificate), all in one transaction; returns them numbered.

    Everything that can be done before the serials are known is done first (``store()``: the
    rows, their history and audit entries). The serials come last: one
    ``UPDATE … RETURNING`` adds the batch's size to the counter row of issuer/year/level, which
    also locks that row until the transaction ends; then the numbers are composed and signed in
    Python and written with one ``UPDATE``, and the transaction commits. Parallel issuers thus
    wait for each other only for those two statements and the commit, and a batch (a plan's
    certificates) pays for them once. Two transactions never get the same serial, one that
    rolls back gives its serials back with its counter increment (no gaps), and a serial once
    committed is never given again. Inside a caller's transaction the counter row stays locked
    until that transaction ends (keep such callers short)."""
    fmt = get_format(issuer.number_format)
    with transaction.atomic():
        certificates = store()
        if not certificates:
            return certificates
        last = _increment(issuer.pk, year, level, by=len(certificates))
        if last is None:  # the first of this year and level: make the row, then count
            CertificateSerial.objects.bulk_create(
                [CertificateSerial(issuer=issuer, year=year, level=level)], ignore_conflicts=True
            )
            last = _increment(issuer.pk, year, level, by=len(certificates))
        if last > fmt.max_serial:
            raise CertificateRefused(
                _("%(year)s 年该等级的证书流水号已用完（最多 %(max)s 个）。")
                % {"year": year, "max": fmt.max_serial}
            )
        first = last - len(certificates) + 1
        for serial, certificate in enumerate(certificates, start=first):
            certificate.serial = serial
            certificate.number = fmt.compose(issuer=issuer, year=year, level=level, serial=serial)
            certificate.payload, certificate.key_id = sign(certificate)
        _write_numbers(certificates)
    return certificates


def _write_numbers(certificates, *, rows_per_statement: int = 500) -> None:
    """Serial, number, payload and key id of every certificate, in one ``UPDATE … FROM
    (VALUES …)`` per 500 (PostgreSQL and SQLite both name a VALUES list's columns column1…;
    Django's ``bulk_update`` builds a CASE per field and row, which costs milliseconds of
    Python per row while the counter row is locked)."""
    from assessments.models import Certificate

    table = connection.ops.quote_name(Certificate._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(certificates), rows_per_statement):
            chunk = certificates[start : start + rows_per_statement]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET serial = v.column2, number = v.column3, "  # noqa: S608
                f"payload = v.column4, key_id = v.column5 FROM (VALUES {values}) AS v "
                f"WHERE {table}.id = v.column1",
                [
                    field
                    for c in chunk
                    for field in (c.pk, c.serial, c.number, c.payload, c.key_id)
                ],
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
