from forms_app.choices import LIVE_STATUSES
from forms_app.crypto import lookup_hash
from forms_app.models import Application


def live_application_count(*, page) -> int:
    return Application.objects.filter(form_page=page, status__in=LIVE_STATUSES).count()


def applications_for_person(*, id_number: str, mobile: str) -> list[Application]:
    """The person's applications, newest first, only when ID number and mobile match."""
    return list(
        Application.objects.filter(
            id_number_hash=lookup_hash(id_number), mobile_hash=lookup_hash(mobile)
        ).select_related("occupation", "exam_period")
    )


def application_by_number(*, number: str, mobile: str) -> Application | None:
    return (
        Application.objects.filter(number=number.strip().upper(), mobile_hash=lookup_hash(mobile))
        .select_related("occupation", "exam_period")
        .first()
    )
