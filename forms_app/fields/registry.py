"""The field-type registry: every kind of field an editor can put on a registration form.

In the spirit of wagtail.contrib.forms' FormBuilder (one ``create_<type>_field`` method per
type), each type here is one class: how to build the Django form field, what to keep of the
answer, and what it tells the application (name, ID number, chosen level, education …).
Adding a type is one registered class; FormField.field_type offers every registered name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from occupations.eligibility import Profile
from occupations.profile import build_profile, flags, row_kinds


@dataclass
class ApplicantData:
    """What the fields of one submitted form say about the applicant."""

    name: str = ""
    id_number: str = ""
    mobile: str = ""
    specialty: str | None = None  # "" for an occupation without named specialties
    level: int | None = None
    work: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    education: list = field(default_factory=list)
    training: list = field(default_factory=list)
    apprenticeship_completed: bool = False
    files: list = field(default_factory=list)  # (field clean_name, FileKind, UploadedFile)
    #: Records of profile row kinds and facts without an attribute above, by name.
    records: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

    def add_records(self, kind: str, records: list) -> None:
        """Add eligibility records of one profile row kind (occupations.profile)."""
        target = getattr(self, kind, None)
        if not isinstance(target, list):
            target = self.records.setdefault(kind, [])
        target.extend(records)

    def set_fact(self, name: str, value: bool) -> None:
        if isinstance(getattr(self, name, None), bool):
            setattr(self, name, value)
        else:
            self.facts[name] = value

    def profile(self) -> Profile:
        def records(name):
            own = getattr(self, name, None)
            return own if isinstance(own, list) else self.records.get(name, [])

        def fact(name):
            own = getattr(self, name, None)
            return own if isinstance(own, bool) else self.facts.get(name, False)

        return build_profile(
            {kind.name: records(kind.name) for kind in row_kinds()},
            {flag.name: fact(flag.name) for flag in flags()},
        )


def display_value(value: Any) -> str:
    """An answer as a person reads it: 是/否, lists joined with 、, records one per line."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, dict):
        return "；".join(f"{key}：{display_value(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        separator = "\n" if any(isinstance(item, dict) for item in value) else "、"
        return separator.join(display_value(item) for item in value)
    return str(value)


class FieldType:
    name: str = ""
    label: str = ""
    #: An application needs exactly one field of each role (name, id_number, mobile, target).
    role: str | None = None
    #: Personal data: never copied into the answers; kept encrypted on the application.
    personal: bool = False

    def create_field(self, field_def, options: dict[str, Any], *, page) -> forms.Field:
        raise NotImplementedError

    def answer(self, value: Any) -> Any:
        """The JSON-serialisable answer kept on the application (None: keep nothing)."""
        if self.personal or self.role:  # kept in the application's own columns
            return None
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def display(self, value: Any) -> str:
        """A stored answer as staff read it (review screens, exports)."""
        return display_value(value)

    def contribute(self, value: Any, data: ApplicantData, *, field_def) -> None:
        """Copy what the value tells about the applicant into ``data``."""


_REGISTRY: dict[str, FieldType] = {}

REQUIRED_ROLES = ("name", "id_number", "mobile", "target")


def register_field_type(cls: type[FieldType]) -> type[FieldType]:
    instance = cls()
    if instance.name in _REGISTRY:
        raise ValueError(f"Field type {instance.name!r} is registered twice")
    _REGISTRY[instance.name] = instance
    return cls


def register_instance(instance: FieldType) -> FieldType:
    _REGISTRY[instance.name] = instance
    return instance


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def get_field_type(name: str) -> FieldType:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"Unknown form field type {name!r}") from None


def field_type_choices() -> list[tuple[str, str]]:
    from forms_app import fields  # noqa: F401  (registers the built-in types)

    return [(name, ft.label) for name, ft in _REGISTRY.items()]


def field_types() -> dict[str, FieldType]:
    return dict(_REGISTRY)


_FORM_CHECKS: list[Callable[[Any], None]] = []


def register_form_check(check: Callable[[Any], None]) -> Callable[[Any], None]:
    """A check over a whole registration form (e.g. the total size of all uploads), run by
    RegistrationForm.clean after the fields; it reports problems with ``form.add_error``."""
    if check not in _FORM_CHECKS:
        _FORM_CHECKS.append(check)
    return check


def form_checks() -> tuple[Callable[[Any], None], ...]:
    return tuple(_FORM_CHECKS)


Validator = Callable[[Any], None]
