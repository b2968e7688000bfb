"""The StreamField side of clause types: the base block every clause type's block extends, and
the child blocks clause types share (years, levels, work after a certificate or diploma).

A ``ClauseBlock`` converts between its stored value and the engine's plain parameters
(SCHEMA.md) child by child: a child block that stores something other than the parameter (a
level as the string "4", an empty choice as "") says so with ``to_param``/``from_param``, so no
code special-cases a parameter by its name. Saving a clause the engine cannot evaluate is refused
with the type's own Chinese reason (``ClauseBlock.clean``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from occupations.choices import Level, RelationScope, WorkMode

from .registry import InvalidClause, get_clause_type

#: Returned by a child's ``to_param`` when the parameter is absent (an optional part left blank).
OMIT = object()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


class ClauseBlock(blocks.StructBlock):
    """Base block of a clause type; ``register`` sets ``clause_type_name``."""

    clause_type_name: str = ""

    def value_to_params(self, value: Mapping[str, Any]) -> dict[str, Any]:
        """The engine's parameters (SCHEMA.md, without ``type``) of a block value."""
        params: dict[str, Any] = {}
        for name, child in self.child_blocks.items():
            if name not in value:
                continue
            convert = getattr(child, "to_param", None)
            item = convert(value[name]) if convert else _plain(value[name])
            if item is not OMIT:
                params[name] = item
        return params

    def params_to_value(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The raw stored value (as JSON holds it) of SCHEMA.md parameters."""
        value: dict[str, Any] = {}
        for key, item in params.items():
            if key == "type":
                continue
            convert = getattr(self.child_blocks.get(key), "from_param", None)
            value[key] = convert(item) if convert else item
        return value

    def clean(self, value):
        value = super().clean(value)
        if not self.clause_type_name:
            return value
        try:
            get_clause_type(self.clause_type_name).validate(self.value_to_params(value))
        except InvalidClause as error:
            message = ValidationError(error.reason)
            if error.field in self.child_blocks:
                raise StructBlockValidationError(block_errors={error.field: message}) from None
            raise StructBlockValidationError(non_block_errors=ErrorList([message])) from None
        return value


def level_choices():
    return [(str(value), label) for value, label in Level.choices]


class LevelChoiceBlock(blocks.ChoiceBlock):
    """A level (5…1), stored as its string as a ChoiceBlock does; the parameter is an int."""

    def __init__(self, **kwargs):
        super().__init__(choices=level_choices, **kwargs)

    def to_param(self, value: Any) -> Any:
        """The level as an int; anything else unchanged, for the clause type to refuse."""
        if value in (None, ""):
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            return value

    def from_param(self, value: Any) -> str:
        return "" if value is None else str(value)

    def deconstruct(self):
        # Stored and migrated as a plain ChoiceBlock: the conversion is not part of the schema.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.ChoiceBlock", args, {"choices": level_choices, **kwargs}


class OptionalChoiceBlock(blocks.ChoiceBlock):
    """A choice that may be left blank: stored as "", the parameter is None."""

    def to_param(self, value: Any) -> Any:
        return None if value == "" else value

    def from_param(self, value: Any) -> Any:
        return "" if value is None else value

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.ChoiceBlock", args, kwargs


def years_block(label=None, required=True) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(
        label=label or _("年数"), min_value=0, max_value=50, required=required
    )


def mode_block() -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(label=_("连续/累计"), choices=WorkMode.choices, default="continuous")


def relation_block() -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(label=_("职业范围"), choices=RelationScope.choices, default="same")


def inclusive_block() -> blocks.BooleanBlock:
    return blocks.BooleanBlock(label=_("含本数"), required=False, default=True)


class WorkAfterBlock(blocks.StructBlock):
    """Optional: N years of work after the certificate was issued / the diploma obtained.

    Left blank (no years), the parameter is absent."""

    years = years_block(_("之后工作年数"), required=False)
    mode = mode_block()
    relation = relation_block()
    inclusive = inclusive_block()

    class Meta:
        label = _("取得后从事工作（可选）")
        form_classname = "work-after"

    def to_param(self, value: Any) -> Any:
        if not value or value.get("years") in (None, ""):
            return OMIT
        return _plain(value)
