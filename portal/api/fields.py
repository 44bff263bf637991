"""Serializer fields for the numbers every input carries: quantities and object ids.

Both are bounded by what the database stores (`portal.numbers`), so 2**31 units or an
id beyond 64 bits answers 400 naming the field, and the OpenAPI schema states the range.
"""

from __future__ import annotations

from rest_framework import serializers

from portal.numbers import MAX_ID, MAX_QUANTITY


def quantity_field(*, min_value: int = 1, **kwargs) -> serializers.IntegerField:
    """A whole number of units from `min_value` (1 unless given) up to MAX_QUANTITY."""
    return serializers.IntegerField(min_value=min_value, max_value=MAX_QUANTITY, **kwargs)


def id_field(**kwargs) -> serializers.IntegerField:
    """An object's id: 1 up to MAX_ID."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)
