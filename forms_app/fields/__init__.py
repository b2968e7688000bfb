"""Form field types. Importing this package registers the built-in ones."""

from forms_app.fields import builtin, identity, profile, target, uploads  # noqa: F401
from forms_app.fields.registry import (
    REQUIRED_ROLES,
    ApplicantData,
    FieldType,
    field_type_choices,
    field_types,
    get_field_type,
    register_field_type,
)

__all__ = [
    "REQUIRED_ROLES",
    "ApplicantData",
    "FieldType",
    "field_type_choices",
    "field_types",
    "get_field_type",
    "register_field_type",
]
