"""`GET /api/v1/fx-rates/`: the exchange rates prices are derived from (platform reference data)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from listings.models import FxRate
from portal.api.pagination import PortalCursorPagination


class FxRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = FxRate
        fields = ["id", "currency", "base_currency", "rate", "rate_date", "source", "created_at"]


class FxRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(method="filter_currency", help_text=_("ISO 4217 code, e.g. USD."))
    source = django_filters.ChoiceFilter(choices=FxRate.Source.choices)
    rate_date = django_filters.DateFilter()
    rate_date_after = django_filters.DateFilter(field_name="rate_date", lookup_expr="gte")
    rate_date_before = django_filters.DateFilter(field_name="rate_date", lookup_expr="lte")

    class Meta:
        model = FxRate
        fields = ["currency", "source", "rate_date"]

    def filter_currency(self, queryset, name, value):
        return queryset.filter(currency=value.strip().upper())


class RateDateCursorPagination(PortalCursorPagination):
    ordering = ("-rate_date", "-id")
    max_page_size = 500


@extend_schema_view(
    list=extend_schema(
        tags=["pricing"],
        description=_(
            "Exchange rates, newest day first: ECB reference rates (units per EUR) and operator-entered "
            "rates for currencies the ECB does not publish. AED and SAR follow their USD pegs and are "
            "not listed."
        ),
    ),
)
class FxRateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Platform reference data, the same for every seller: a list, filterable (no detail route)."""

    queryset = FxRate.objects.all()
    serializer_class = FxRateSerializer
    filterset_class = FxRateFilter
    pagination_class = RateDateCursorPagination
    required_scopes = {"read": "listings:read"}
