"""Certificate numbers: a registry of formats and the gapless serial behind them.

A format composes a number from the issuer (the parts its staff set), the year, the level and
the serial, and says how many serials it can hold. Register another with::

    @certificate_number_format("mine")
    class Mine(NumberFormat):
        label = _("…")
        def compose(self, *, issuer, year, level, serial) -> str: ...

Serials are counted per issuer, year and level in one ``CertificateSerial`` row, incremented
only in the transaction that gives the serials to certificates (``number_waiting``): two
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


def issue_with_number(
    *, store, issuer: CertificateIssuer, year: int, level: int, sign, together: bool = True
):
    """Run ``store()``, which stores certificates of issuer/year/level without numbers and
    returns them (in the order they are to be numbered), and give them consecutive serials,
    their numbers and payloads (``sign(certificate)`` returns the payload and key id of a
    numbered certificate); returns them numbered.

    Everything that can be done before the serials are known is done first (``store()``: the
    rows, their history and audit entries). The serials come last, under the lock of the
    counter row of issuer/year/level (``number_waiting``): the counter is raised, the numbers
    composed and signed in Python and written with one ``UPDATE``, and the transaction
    commits. A serial is given only in the transaction that raises the counter: two
    transactions never get the same serial, one that rolls back gives its serials back (no
    gaps), and a serial once committed is never given again.

    ``together`` (a plan's batch, a reissue): stored and numbered in one transaction, the batch
    a contiguous range, paying for the lock and the commit once. Otherwise (one certificate
    issued on its own, outside any transaction): stored and committed first, in parallel with
    other issuers, then numbered with whatever else is waiting by whoever takes the lock next
    (group commit), so parallel issuers share commits instead of queueing for one each."""
    get_format(issuer.number_format)  # an unknown format refuses before anything is stored
    if together:
        with transaction.atomic():
            certificates = store()
            if certificates:
                number_waiting(issuer=issuer, year=year, level=level, sign=sign, own=certificates)
        return certificates
    with transaction.atomic():
        certificates = store()
    numbered = _number_by_group_commit(issuer, year, level, sign, [c.pk for c in certificates])
    for certificate in certificates:
        (certificate.serial, certificate.number, certificate.payload, certificate.key_id) = (
            numbered[certificate.pk]
        )
    return certificates


def _number_by_group_commit(issuer, year, level, sign, pks: list[int]) -> dict[int, tuple]:
    """See that the committed certificates ``pks`` get numbered, by numbering everything that
    waits (leading) or by waiting for the issuer who is doing so (following); their serials,
    numbers, payloads and key ids by primary key.

    On PostgreSQL an advisory lock per issuer/year/level elects the leader: whoever gets it
    numbers all that wait (``number_waiting``), commits and lets it go. The others wait until
    then (taking the lock shared and letting it go at once, so they all wake together and hold
    nothing) and read their own certificates: no queue forms on the counter row, and they have
    nothing to commit. A follower whose certificate was committed after the leader looked
    tries again; the next leader took the lock after that commit and so numbers it. SQLite
    runs one writing transaction at a time anyway."""
    from assessments.models import Certificate

    table = connection.ops.quote_name(Certificate._meta.db_table)

    def mine() -> dict[int, tuple]:  # raw: what followers do costs little Python
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, serial, number, payload, key_id FROM {table} "  # noqa: S608
                f"WHERE id IN ({', '.join(['%s'] * len(pks))})",
                pks,
            )
            return {pk: tuple(rest) for pk, *rest in cursor.fetchall()}

    if connection.vendor != "postgresql":
        number_waiting(issuer=issuer, year=year, level=level, sign=sign)
        return mine()
    lock = (issuer.pk << 20) | ((year % 1000) << 4) | level
    while True:
        with connection.cursor() as cursor:
            # lead, or else wait for the leader and let go at once (CASE evaluates in order;
            # the FROM function runs before the select list, so the lock before the unlock)
            cursor.execute(
                "SELECT CASE WHEN pg_try_advisory_lock(%s) THEN 'lead' ELSE (SELECT "
                "'waited ' || pg_advisory_unlock_shared(%s)::text FROM "
                "pg_advisory_lock_shared(%s)) END",
                [lock, lock, lock],
            )
            leading = cursor.fetchone()[0] == "lead"
        if leading:
            try:
                number_waiting(issuer=issuer, year=year, level=level, sign=sign)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [lock])
            return mine()
        found = mine()
        if all(serial is not None for serial, *_ in found.values()):
            return found


def number_waiting(*, issuer: CertificateIssuer, year: int, level: int, sign, own=()) -> int:
    """Number, in one transaction, ``own`` (certificates stored in the caller's open
    transaction, in the order given: a contiguous range) or, without them, the committed
    certificates of issuer/year/level still waiting for a serial (in the order they were
    stored); returns how many it numbered.

    The counter row is locked first and stays locked to the end of the transaction, so this
    is the one place serials are given. Numbering those waiting covers a group commit's and any
    that a process which died between storing and numbering left behind: the next single issue
    of their issuer, year and level numbers them, or the applicant's notice (``notices``)."""
    with transaction.atomic():
        numbered = _number_locked(issuer, year, level, sign, own)
        if not numbered:
            transaction.set_rollback(True)  # nothing written: no commit to wait for
    return numbered


def _number_locked(issuer, year, level, sign, own=()) -> int:
    """``number_waiting``'s work, in the caller's transaction: ``own`` when given, else the
    committed certificates waiting."""
    from assessments.models import Certificate

    fmt = get_format(issuer.number_format)
    queue = list(own)
    last = _raise_counter(issuer.pk, year, level, by=len(queue))  # locks the counter row
    if not queue:
        queue = list(
            Certificate.objects.filter(
                issuer_id=issuer.pk, year=year, level=level, serial__isnull=True
            )
            .order_by("pk")
            .only("pk", "name", "occupation_title", "specialty", "level", "issued_on")
        )
        if not queue:
            return 0
        last = _raise_counter(issuer.pk, year, level, by=len(queue))
    if last > fmt.max_serial:
        raise CertificateRefused(
            _("%(year)s 年该等级的证书流水号已用完（最多 %(max)s 个）。")
            % {"year": year, "max": fmt.max_serial}
        )
    for serial, certificate in enumerate(queue, start=last - len(queue) + 1):
        certificate.serial = serial
        certificate.number = fmt.compose(issuer=issuer, year=year, level=level, serial=serial)
        certificate.payload, certificate.key_id = sign(certificate)
    _write_numbers(queue)
    return len(queue)


def _raise_counter(issuer_id: int, year: int, level: int, *, by: int) -> int:
    """Add ``by`` (0 too) to the counter row of issuer/year/level, which locks it until the
    transaction ends, and return its new value: one round trip (two for the year's first)."""
    table = connection.ops.quote_name(CertificateSerial._meta.db_table)
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_serial = last_serial + %s "  # noqa: S608 (table name)
                "WHERE issuer_id = %s AND year = %s AND level = %s RETURNING last_serial",
                [by, issuer_id, year, level],
            )
            row = cursor.fetchone()
        if row is not None:
            return row[0]
        CertificateSerial.objects.bulk_create(  # the first of this year and level
            [CertificateSerial(issuer_id=issuer_id, year=year, level=level)],
            ignore_conflicts=True,
        )
    raise RuntimeError("the certificate counter row could not be made")


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
                [field for c in chunk for field in (c.pk, c.serial, c.number, c.payload, c.key_id)],
            )


def compose_number(*, issuer: CertificateIssuer, year: int, level: int, serial: int) -> str:
    return get_format(issuer.number_format).compose(
        issuer=issuer, year=year, level=level, serial=serial
    )
