"""Partner API of logistics: lanes (read) and quotes (compare lanes for a carton set).

Thin: serializers check the shape, one service call does the work, serializers render it.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from logistics.models import Lane, Mode, RateCard
from logistics.services.quotes import MAX_CARTON_SIDE_MM, MAX_CARTON_WEIGHT_G, quote_lanes
from portal.api.fields import id_field, quantity_field
from portal.api.pagination import PortalCursorPagination
from portal.api.viewsets import SellerScopedMixin


class RateCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = RateCard
        fields = [
            "id",
            "basis",
            "per_kg",
            "per_cbm",
            "volumetric_divisor",
            "min_charge",
            "fuel_surcharge_pct",
            "currency",
            "valid_from",
            "valid_to",
            "source",
        ]


class LaneSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)
    rate_cards = RateCardSerializer(many=True, read_only=True)

    class Meta:
        model = Lane
        fields = [
            "id",
            "code",
            "program",
            "program_name",
            "origin_country",
            "origin_port",
            "destination_country",
            "destination_port",
            "destination_code",
            "mode",
            "service_level",
            "transit_days_min",
            "transit_days_max",
            "cutoff_weekday",
            "max_silent_days",
            "valid_from",
            "valid_to",
            "active",
            "rate_cards",
        ]


class LaneFilter(django_filters.FilterSet):
    program = django_filters.CharFilter(field_name="program__code")
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on (date)"))

    class Meta:
        model = Lane
        fields = ["origin_country", "destination_country", "mode", "program", "active"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value), valid_from__lte=value)


class CodeCursorPagination(PortalCursorPagination):
    ordering = ("code",)
    max_page_size = 500


class LaneViewSet(SellerScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The carrier lanes (platform reference data) with their rate cards; one lane by its code."""

    # Lanes are platform reference data, the same for every seller: no tenant object in the URL.
    queryset = None
    tenant_model = None
    not_tenant_reason = "lanes are platform reference data shared by every seller"
    lookup_field = "code"
    serializer_class = LaneSerializer
    filterset_class = LaneFilter
    pagination_class = CodeCursorPagination
    required_scopes = {"read": "logistics:read", "write": "logistics:write"}

    def get_queryset(self):
        return Lane.objects.select_related("program").prefetch_related("rate_cards")


class CartonInputSerializer(serializers.Serializer):
    weight_g = serializers.IntegerField(min_value=1, max_value=MAX_CARTON_WEIGHT_G)
    length_mm = serializers.IntegerField(min_value=1, max_value=MAX_CARTON_SIDE_MM)
    width_mm = serializers.IntegerField(min_value=1, max_value=MAX_CARTON_SIDE_MM)
    height_mm = serializers.IntegerField(min_value=1, max_value=MAX_CARTON_SIDE_MM)


class QuoteItemInputSerializer(serializers.Serializer):
    product_id = id_field()
    quantity = quantity_field()
    unit_value = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    currency = serializers.CharField(max_length=3, required=False)


class QuoteRequestSerializer(serializers.Serializer):
    origin_country = serializers.CharField(max_length=2, min_length=2)
    destination_country = serializers.CharField(max_length=2, min_length=2)
    destination_code = serializers.CharField(max_length=40, required=False, default="")
    ready_on = serializers.DateField(required=False)
    currency = serializers.CharField(max_length=3, required=False)
    value_per_day = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    modes = serializers.ListField(child=serializers.ChoiceField(choices=Mode.choices), required=False)
    cartons = CartonInputSerializer(many=True, allow_empty=False, max_length=5000)
    items = QuoteItemInputSerializer(many=True, required=False, max_length=500)


class ItemLandedCostSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    sku = serializers.CharField()
    hs_code = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    freight_share = serializers.DecimalField(max_digits=14, decimal_places=2)
    duty_rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    duty_source = serializers.CharField()
    duty = serializers.DecimalField(max_digits=14, decimal_places=2)
    vat = serializers.DecimalField(max_digits=14, decimal_places=2)
    landed_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    landed_per_unit = serializers.DecimalField(max_digits=14, decimal_places=2)


class LaneQuoteSerializer(serializers.Serializer):
    lane = serializers.CharField(source="lane.code")
    program = serializers.CharField(source="lane.program.code")
    mode = serializers.CharField(source="lane.mode")
    service_level = serializers.CharField(source="lane.service_level")
    currency = serializers.CharField()
    actual_kg = serializers.DecimalField(max_digits=14, decimal_places=3)
    volumetric_kg = serializers.DecimalField(max_digits=14, decimal_places=3)
    chargeable_kg = serializers.DecimalField(max_digits=14, decimal_places=3)
    volumetric_applies = serializers.BooleanField()
    freight = serializers.DecimalField(max_digits=14, decimal_places=2)
    fuel_surcharge = serializers.DecimalField(max_digits=14, decimal_places=2)
    min_charge_uplift = serializers.DecimalField(max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    compare_currency = serializers.CharField()
    total_compared = serializers.DecimalField(max_digits=14, decimal_places=2)
    departure = serializers.DateField()
    transit_days_min = serializers.IntegerField(source="lane.transit_days_min")
    transit_days_max = serializers.IntegerField(source="lane.transit_days_max")
    eta_earliest = serializers.DateField()
    eta_latest = serializers.DateField()
    days_to_eta = serializers.IntegerField()
    duty_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    vat_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    landed_total = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    score = serializers.DecimalField(max_digits=14, decimal_places=2)
    is_cheapest = serializers.BooleanField()
    is_fastest = serializers.BooleanField()
    is_best_value = serializers.BooleanField()
    items = ItemLandedCostSerializer(many=True)


class ExcludedLaneSerializer(serializers.Serializer):
    lane = serializers.CharField(source="lane.code")
    reason = serializers.CharField()


class QuoteSerializer(serializers.Serializer):
    origin_country = serializers.CharField()
    destination_country = serializers.CharField()
    ready_on = serializers.DateField()
    compare_currency = serializers.CharField()
    value_per_day = serializers.DecimalField(max_digits=14, decimal_places=2)
    carton_count = serializers.IntegerField()
    total_weight_kg = serializers.DecimalField(max_digits=14, decimal_places=3)
    total_volume_cbm = serializers.DecimalField(max_digits=14, decimal_places=4)
    goods_value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=4)
    lanes = LaneQuoteSerializer(many=True)
    excluded = ExcludedLaneSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class QuoteViewSet(SellerScopedMixin, viewsets.GenericViewSet):
    """Compare every valid lane for a carton set: itemised cost, ETA, landed cost per unit."""

    serializer_class = QuoteRequestSerializer
    required_scopes = {"read": "logistics:read", "write": "logistics:write"}
    pagination_class = None
    filter_backends = []

    @extend_schema(request=QuoteRequestSerializer, responses={200: QuoteSerializer})
    def create(self, request):
        """Quote the cargo on every lane from origin to destination valid on `ready_on` (default today).

        Lanes are sorted best value first; `excluded` lists lanes left out and why (no valid rate
        card, or a currency that cannot be converted). Nothing is stored.
        """
        incoming = QuoteRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        quote = quote_lanes(seller=self.seller, **incoming.validated_data)
        return Response(QuoteSerializer(quote).data)
