"""Column types of a profile row: what one cell is, in every place the profile is asked for.

A column knows its Django form field (checker and registration form), its pydantic field (API),
its bounds (Chinese messages), how its value is kept as JSON and how a person reads it. A new
kind of cell is one subclass here; the row kinds (``kinds.py``) only list columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import Field

#: The earliest date any profile row may carry.
EARLIEST = date(1950, 1, 1)
BLANK = [("", "—")]

DATE_ERRORS = {
    "required": gettext_lazy("请填写。"),
    "invalid": gettext_lazy("请填写有效的日期（年-月-日）。"),
}
CHOICE_ERRORS = {
    "required": gettext_lazy("请选择。"),
    "invalid_choice": gettext_lazy("请从列表中选择。"),
}


def school_today() -> date:
    """Today in the school's time zone (imported late: the services need the app registry)."""
    from occupations.services import today

    return today()


class Column:
    """One cell of a row. ``label`` names it in messages; ``note`` adds a hint to the label
    shown on forms and in the API docs (e.g. 最后工作日（在职可不填）)."""

    #: Whether ``problems`` checks anything (bounds beyond the value's type).
    bounded = False

    def __init__(
        self,
        name: str,
        label,
        *,
        required: bool = True,
        note="",
        help_text="",
        checker: bool = True,
    ):
        self.name = name
        self.label = label
        self.note = note
        self.help_text = help_text
        self.required = required
        #: False: kept on the application only; the checker and the API do not ask for it.
        self.checker = checker

    @property
    def title(self) -> str:
        """The label as forms and API docs show it."""
        if self.note:
            return _("%(label)s（%(note)s）") % {"label": self.label, "note": self.note}
        return str(self.label)

    def form_field(self) -> forms.Field:
        raise NotImplementedError

    def api_annotation(self) -> Any:
        raise NotImplementedError

    def api_field(self) -> tuple[Any, Any]:
        """``(annotation, FieldInfo)`` for ``pydantic.create_model``."""
        annotation = self.api_annotation()
        description = " ".join(filter(None, [self.title, str(self.help_text or "")]))
        if self.required:
            return annotation, Field(..., description=description)
        return annotation | None, Field(
            self.api_default(), description=description, validate_default=True
        )

    def api_default(self) -> Any:
        return None

    def problems(self, value) -> list[str]:
        """What is wrong with a value its field accepted (bounds), in Chinese."""
        return []

    def to_json(self, value) -> Any:
        return value

    def from_json(self, value) -> Any:
        return value

    def text(self, value) -> str:
        """The value as a person reads it ("" when blank)."""
        return "" if value in (None, "") else str(value)


class ChoiceColumn(Column):
    """One of ``choices`` (a TextChoices of occupations.choices)."""

    def __init__(self, name, label, choices: type[models.Choices], *, default=None, **kwargs):
        super().__init__(name, label, **kwargs)
        self.choices = choices
        self.default = default

    def form_field(self):
        return forms.ChoiceField(
            label=self.title,
            choices=BLANK + list(self.choices.choices),
            required=self.required,
            help_text=self.help_text,
            error_messages=CHOICE_ERRORS,
        )

    def api_annotation(self):
        return Literal[tuple(self.choices.values)]

    def api_field(self):
        if self.default is None:
            return super().api_field()
        return self.api_annotation(), Field(self.default, description=self.title)

    def text(self, value):
        if value in (None, ""):
            return ""
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value)


class LevelColumn(ChoiceColumn):
    """A level 5…1 (IntegerChoices), kept as an int."""

    def form_field(self):
        return forms.TypedChoiceField(
            label=self.title,
            choices=BLANK + list(self.choices.choices),
            coerce=int,
            empty_value=None,
            required=self.required,
            help_text=self.help_text,
            error_messages=CHOICE_ERRORS,
        )

    def api_annotation(self):
        from typing import Annotated

        values = self.choices.values
        return Annotated[int, Field(ge=min(values), le=max(values))]

    def from_json(self, value):
        try:
            return None if value in (None, "") else int(value)
        except (TypeError, ValueError):
            return value


class DateColumn(Column):
    """A date between ``EARLIEST`` and ``latest()`` (today unless said otherwise)."""

    bounded = True

    def __init__(self, name, label, *, latest: Callable[[], date] | None = None, **kwargs):
        super().__init__(name, label, **kwargs)
        self.latest = latest

    def form_field(self):
        return forms.DateField(
            label=self.title,
            required=self.required,
            help_text=self.help_text,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages=DATE_ERRORS,
        )

    def api_annotation(self):
        return date

    def problems(self, value):
        if not isinstance(value, date):
            return []
        if value < EARLIEST:
            return [_("%(label)s不能早于1950年。") % {"label": self.label}]
        today = school_today()
        latest = self.latest() if self.latest else today
        if value > latest and latest == today:
            return [_("%(label)s不能晚于今天。") % {"label": self.label}]
        if value > latest:
            return [
                _("%(label)s不能晚于%(date)s。") % {"label": self.label, "date": latest.isoformat()}
            ]
        return []

    def to_json(self, value):
        return value.isoformat() if isinstance(value, date) else value

    def from_json(self, value):
        if isinstance(value, str) and value:
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
        return value

    def text(self, value):
        return value.isoformat() if isinstance(value, date) else super().text(value)


class BoolColumn(Column):
    """A tick box; unticked is False."""

    def __init__(self, name, label, **kwargs):
        super().__init__(name, label, required=False, **kwargs)

    def form_field(self):
        return forms.BooleanField(label=self.title, required=False, help_text=self.help_text)

    def api_annotation(self):
        return bool

    def api_field(self):
        return bool, Field(False, description=self.title)

    def to_json(self, value):
        return bool(value)

    def text(self, value):
        return str(_("是") if value else _("否"))


class TextColumn(Column):
    """Short free text."""

    def __init__(self, name, label, *, max_length: int = 60, **kwargs):
        super().__init__(name, label, **kwargs)
        self.max_length = max_length

    def form_field(self):
        return forms.CharField(
            label=self.title,
            required=self.required,
            max_length=self.max_length,
            help_text=self.help_text,
        )

    def api_annotation(self):
        from typing import Annotated

        return Annotated[str, Field(max_length=self.max_length)]
