import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from hostsite.versions import Remembered

from forms_app.choices import LIVE_STATUSES, ApplicationStatus, FileKind
from forms_app.crypto import lookup_hash
from forms_app.models import Application, ApplicationEvent, ApplicationFile

#: 18 characters, the last a digit or X: searched as a citizen ID number.
ID_NUMBER_SHAPE = re.compile(r"^\d{17}[\dX]$")


def live_application_count(*, page) -> int:
    return Application.objects.filter(form_page=page, status__in=LIVE_STATUSES).count()


def applications_for_person(*, id_number: str, mobile: str) -> list[Application]:
    """The person's applications, newest first, only when ID number and mobile match (the
    caller has checked that the person holds the mobile, e.g. with an SMS code or the status
    page's form). The exam office uses it for a candidate's own tickets and results."""
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


# The exam office (assessments) ---------------------------------------------------------------


def approved_applications(
    *,
    exam_period,
    occupation=None,
    specialty_slug: str | None = None,
    level: int | None = None,
):
    """The approved applications of a registration batch (ExamPeriod, or its id), optionally of
    one occupation (page or id), specialty (by slug; "" for an occupation without named
    specialties) and level, in application-number order. Each has ``photos``: its photo files
    (ApplicationFile, usually one), fetched with one more query for the whole list."""
    queryset = Application.objects.filter(
        exam_period=exam_period, status=ApplicationStatus.APPROVED
    )
    if occupation is not None:
        queryset = queryset.filter(occupation=occupation)
    if specialty_slug is not None:
        queryset = queryset.filter(specialty_slug=specialty_slug)
    if level is not None:
        queryset = queryset.filter(level=level)
    photos = ApplicationFile.objects.filter(kind=FileKind.PHOTO).order_by("pk")
    return (
        queryset.select_related("occupation", "exam_period")
        .prefetch_related(Prefetch("files", queryset=photos, to_attr="photos"))
        .order_by("number")
    )


def registration_forms_accepting(*, now=None) -> list:
    """Live, public registration forms that have not closed, in the occupations' order: those
    open now first, then those still to open."""
    from django.utils import timezone

    from forms_app.models import RegistrationFormPage

    now = now or timezone.now()
    forms = (
        RegistrationFormPage.objects.live()
        .public()
        .filter(closes_at__gt=now)
        .select_related("occupation", "exam_period")
        .order_by("occupation__path", "opens_at", "path")
    )
    return sorted(forms, key=lambda form: form.opens_at > now)


@dataclass(frozen=True)
class FormLink:
    """A live, public registration form as an occupation page links to it."""

    title: str
    url: str
    opens_at: datetime
    closes_at: datetime


# Every live, public form by occupation id, read once per content token (a form's title, times
# and privacy change only by a publish or a privacy change, which renew it: hostsite.signals).
_form_links = Remembered(limit=1)


def open_form_links(*, occupation_id: int, now: datetime | None = None) -> list[FormLink]:
    """The occupation's live, public registration forms accepting applications at ``now``, in
    the page tree's order. Opening and closing by the clock is applied here, per request."""
    now = now or timezone.now()
    links = _form_links.get("by occupation", _read_form_links).get(occupation_id, ())
    return [link for link in links if link.opens_at <= now < link.closes_at]


def _read_form_links() -> dict[int, list[FormLink]]:
    from forms_app.models import RegistrationFormPage

    forms = (
        RegistrationFormPage.objects.live()
        .public()
        .only("title", "url_path", "path", "occupation_id", "opens_at", "closes_at")
        .order_by("path")
    )
    by_occupation: dict[int, list[FormLink]] = {}
    for form in forms:
        link = FormLink(form.title, form.url, form.opens_at, form.closes_at)
        by_occupation.setdefault(form.occupation_id, []).append(link)
    return by_occupation


def open_form_for(*, occupation_id: int, specialty: str, level: int, now=None):
    """The first registration form of the occupation open now that accepts this specialty and
    level (what the eligibility checker links each level to), or None."""
    from django.utils import timezone

    from forms_app.models import RegistrationFormPage

    now = now or timezone.now()
    forms = (
        RegistrationFormPage.objects.live()
        .public()
        .filter(occupation_id=occupation_id, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "path")
    )
    for form in forms:
        if any(s == specialty and lv == level for _v, _l, s, lv in form.target_choices()):
            return form
    return None


# Staff review (forms_app/admin/) -------------------------------------------------------------


def applications_for_review():
    """Every application, with what the review listing shows, newest first."""
    return Application.objects.select_related("occupation", "exam_period", "form_page")


def is_id_number_query(query: str) -> bool:
    """Whether a search looks like a full citizen ID number (and so is searched as one)."""
    return bool(ID_NUMBER_SHAPE.match(re.sub(r"[\s-]", "", query.strip()).upper()))


def application_search(queryset, *, query: str):
    """Applications whose name or application number contains ``query``; a query that looks like
    a citizen ID number matches the full number exactly, through the HMAC column (the encrypted
    column itself is never searched)."""
    query = query.strip()
    if not query:
        return queryset
    compact = re.sub(r"[\s-]", "", query).upper()
    if is_id_number_query(query):
        return queryset.filter(id_number_hash=lookup_hash(compact))
    return queryset.filter(Q(name__icontains=query) | Q(number__icontains=compact))


def application_for_review(*, pk: int) -> Application | None:
    """One application with its files and its history (oldest event first)."""
    events = ApplicationEvent.objects.select_related("actor").order_by("created_at", "pk")
    return (
        applications_for_review()
        .prefetch_related("files", Prefetch("events", queryset=events))
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class LabelledAnswer:
    name: str
    label: str
    value: Any
    section: str = ""
    text: str = ""  # the value as staff read it (the field type's display)


def application_answers(application: Application) -> list[LabelledAnswer]:
    """The applicant's other answers in the form's order, labelled by the form's fields (by
    clean name). Answers kept in the application's own columns (the specialty and level chosen)
    are left out; an answer whose field was since removed keeps its key as label, at the end."""
    from forms_app.fields import get_field_type
    from forms_app.fields.registry import display_value

    answers = dict(application.answers or {})
    labelled = []
    if application.form_page_id:
        for field_def in application.form_page.form_fields.all():
            if field_def.clean_name not in answers:
                continue
            value = answers.pop(field_def.clean_name)
            try:
                kind = get_field_type(field_def.field_type)
            except LookupError:  # a field type whose plugin was removed
                kind = None
            if kind is None or kind.role is None:
                text = kind.display(value) if kind else display_value(value)
                labelled.append(
                    LabelledAnswer(
                        field_def.clean_name, field_def.label, value, field_def.section, text
                    )
                )
    labelled.extend(
        LabelledAnswer(key, key, value, "", display_value(value)) for key, value in answers.items()
    )
    return labelled


def identity_conflicts(application: Application) -> list[Application]:
    """The other applications of the same ID number (身份待核 links them), oldest first, with
    their photos, for staff deciding which applicant is the holder of the number."""
    return list(
        applications_for_review()
        .filter(id_number_hash=application.id_number_hash)
        .exclude(pk=application.pk)
        .prefetch_related("files")
        .order_by("submitted_at", "pk")
    )
