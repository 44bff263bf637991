"""The filter backend of the API: django-filter, but strict about what the schema promises.

django-filter quietly ignores a filter value it cannot read (`is_active=null` lists
everything) and hands PostgreSQL date-times it cannot store (`-21:27` offsets). Here,
before the filters run, each query parameter of the view's filter set is checked against
its documented type and refused with 400 naming it:

- a parameter given twice (other than a multiple-choice filter);
- a boolean that is not `true` or `false`;
- an id (our number filters) that is not a whole number from 1 to 2**63 − 1;
- a date that is not `YYYY-MM-DD`, a date-time that is not RFC 3339 (`2026-05-31T08:00:00Z`,
  offsets up to ±14:00); date-times are passed on in UTC.
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from portal.numbers import MAX_ID

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-](?P<hours>\d{2}):(?P<minutes>\d{2}))$"
)
MAX_OFFSET_HOURS = 14
BOOLEANS = ("true", "false")
DATE_TIME_RULE = _("A date and time with its offset, such as 2026-05-31T08:00:00Z (offsets up to ±14:00).")


def _names_an_object(filterset_class, filter_) -> bool:
    """True when the number filter compares an id (a primary or foreign key)."""
    model = filterset_class._meta.model
    try:
        field = model._meta.get_field(filter_.field_name.removesuffix("_id"))
    except FieldDoesNotExist:  # a lookup across relations: not a plain id
        return False
    return field.is_relation or field.primary_key


def _whole_id(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= MAX_ID


def _date(value: str) -> str | None:
    if not DATE.match(value):
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _date_time(value: str) -> str | None:
    """`value` as an RFC 3339 date-time in UTC, or None when it is not one we can store."""
    match = DATE_TIME.match(value)
    if match is None:
        return None
    if match["hours"] is not None and (int(match["hours"]) > MAX_OFFSET_HOURS or int(match["minutes"]) > 59):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
        return moment.astimezone(datetime.UTC).isoformat()
    except (ValueError, OverflowError):
        return None


TYPED_FILTERS = (
    django_filters.ChoiceFilter,
    django_filters.MultipleChoiceFilter,
    django_filters.BooleanFilter,
    django_filters.DateFilter,
    django_filters.IsoDateTimeFilter,
    django_filters.DateTimeFilter,
    django_filters.NumberFilter,
)


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return kwargs
        data = kwargs["data"].copy()
        errors: dict[str, list[str]] = {}
        for name, filter_ in filterset_class.base_filters.items():
            values = data.getlist(name)
            if not values:
                continue
            if len(values) > 1 and not isinstance(filter_, django_filters.MultipleChoiceFilter):
                errors[name] = [_("Give %(name)s once.") % {"name": name}]
                continue
            value = values[0]
            if value == "" and isinstance(filter_, TYPED_FILTERS):
                # django-filter reads an empty value as "no filter"; the schema allows none.
                errors[name] = [_("Give a value or leave %(name)s out.") % {"name": name}]
            elif isinstance(filter_, django_filters.ChoiceFilter):
                pass  # django-filter refuses an unknown choice itself, naming the allowed ones
            elif isinstance(filter_, django_filters.BooleanFilter):
                if value not in BOOLEANS:
                    errors[name] = [_("Either true or false.")]
            elif isinstance(filter_, django_filters.IsoDateTimeFilter | django_filters.DateTimeFilter):
                utc = _date_time(value)
                if utc is None:
                    errors[name] = [DATE_TIME_RULE]
                else:
                    data[name] = utc
            elif isinstance(filter_, django_filters.DateFilter) and _date(value) is None:
                errors[name] = [_("A date, YYYY-MM-DD.")]
            elif (
                isinstance(filter_, django_filters.NumberFilter)
                and _names_an_object(filterset_class, filter_)
                and not _whole_id(value)
            ):
                errors[name] = [_("An id: a whole number from 1 to %(max)d.") % {"max": MAX_ID}]
        if errors:
            raise ValidationError(errors)
        kwargs["data"] = data
        return kwargs
