"""Helpers of the applicant-list export/import tests (test_exchange_*.py); the fixtures they
build on (loaded_site, occupation, exam_period, private_media) are in conftest.py."""

from __future__ import annotations

from itertools import count

from forms_app import services
from forms_app.fields import ApplicantData
from forms_app.models import ExamPeriod
from tests.forms_app import factories

_SEQUENCE = count(500)


def id_number() -> str:
    """A valid citizen ID number not used before in this test run."""
    return factories.valid_id_number(next(_SEQUENCE))


def exchange_page(*, occupation, period_name: str = "2026年第四批", slug: str = "apply", **extra):
    """电子商务师 form (网商 and 跨境电子商务师, levels 4 to 1) with an optional 工作单位 field."""
    period, _created = ExamPeriod.objects.get_or_create(name=period_name)
    fields = [
        *factories.standard_fields(),
        factories.field("singleline", "employer", "工作单位"),
    ]
    return factories.registration_page(
        occupation=occupation, exam_period=period, fields=fields, slug=slug, **extra
    )


def make_application(
    page,
    *,
    name: str = "张三",
    id_no: str | None = None,
    mobile: str = "13800138000",
    specialty: str = "网商",
    level: int = 4,
    answers: dict | None = None,
    source: str = "online",
):
    """An application recorded as services.application_create does (values not re-validated,
    so a test can store what a hostile import or an old record might hold)."""
    data = ApplicantData(
        name=name, id_number=id_no or id_number(), mobile=mobile, specialty=specialty, level=level
    )
    check = services.check_applicant(page=page, data=data)
    return services.application_create(
        page=page, data=data, answers=answers or {}, check=check, source=source
    )


def staff(username: str, *codenames: str):
    """A Wagtail admin user with these forms_app permissions (e.g. 'add_application')."""
    return factories.staff_user(
        username,
        view_application=False,
        extra_perms=tuple(f"forms_app.{codename}" for codename in codenames),
    )
