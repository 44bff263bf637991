"""The partner boundary for Django code: the checks of `portal.engine.boundary`, plus the
pieces that need Django (column lengths read from model fields, a list filter).

Every partner endpoint (tracking batches, DCSA, carrier webhooks, Shopify) reads its input
with these checks before anything is written; see `portal.engine.boundary` for the rules
and docs/api.md ("Bad input from partners") for what partners are told.
"""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters

from portal.engine.boundary import (
    BIGINT,
    DATE_RANGE,
    INT32,
    MAX_OFFSET,
    POSITIVE_INT32,
    FieldErrors,
    check_storable,
    date_time,
    decimal,
    integer,
    text,
    unstorable_reason,
)

__all__ = [
    "BIGINT",
    "DATE_RANGE",
    "INT32",
    "MAX_OFFSET",
    "POSITIVE_INT32",
    "BoundedIsoDateTimeFilter",
    "FieldErrors",
    "check_storable",
    "date_time",
    "decimal",
    "integer",
    "max_length_of",
    "text",
    "unstorable_reason",
]


def max_length_of(model, field_name: str) -> int:
    """The column length of `model.field_name`, so limits follow the schema."""
    return model._meta.get_field(field_name).max_length


class BoundedIsoDateTimeField(forms.DateTimeField):
    """An ISO 8601 date-time form field that refuses impossible dates and offsets."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        errors = FieldErrors()
        parsed = date_time(str(value), field="value", errors=errors)
        if errors:
            raise forms.ValidationError(errors["value"][0], code="invalid")
        return parsed


class BoundedIsoDateTimeFilter(filters.IsoDateTimeFilter):
    """A list filter on a date-time that answers 400 for dates the database cannot read."""

    field_class = BoundedIsoDateTimeField
