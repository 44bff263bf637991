"""`GET /api/v1/marketplaces/`: the marketplaces reference data, the same for every seller."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from portal.models import Marketplace


class MarketplaceSerializer(serializers.ModelSerializer):
    locales = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Marketplace
        fields = [
            "code",
            "name",
            "domain",
            "currency",
            "default_locale",
            "locales",
            "region",
            "vat_rate",
            "prices_include_vat",
            "fc_region",
            "remote_fulfilment",
            "timezone",
            "is_active",
        ]


class MarketplaceFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=Marketplace.Region.choices)
    currency = django_filters.CharFilter(
        method="filter_currency", help_text=_("ISO 4217 code, e.g. EUR (any case).")
    )
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Marketplace
        fields = ["region", "currency", "is_active"]

    def filter_currency(self, queryset, name, value):
        return queryset.filter(currency=value.strip().upper())


@extend_schema_view(
    list=extend_schema(
        tags=["reference data"],
        description=_("Every marketplace (one unpaginated list of about two dozen), ordered by code."),
    )
)
class MarketplaceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """All marketplaces (about two dozen: one unpaginated list), ordered by code."""

    queryset = Marketplace.objects.order_by("code")
    serializer_class = MarketplaceSerializer
    filterset_class = MarketplaceFilter
    pagination_class = None
    required_scopes = {"read": "seller:read"}
