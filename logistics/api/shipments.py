"""Partner API of logistics: shipments (create, list, retrieve, book, cancel, references).

Thin: serializers check the shape, one service call does the work, serializers render it.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from logistics.api.quotes import CartonInputSerializer
from logistics.models import Lane, Shipment, ShipmentCarton, ShipmentItem, TrackingStatus
from logistics.services import shipments as shipment_services
from portal.api.fields import id_field, quantity_field
from portal.api.idempotency import IdempotentCreateMixin
from portal.api.viewsets import SellerScopedMixin
from portal.models import APIKey


class ShipmentCartonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShipmentCarton
        fields = ["number", "weight_g", "length_mm", "width_mm", "height_mm", "marks"]


class ShipmentItemSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    carton = serializers.IntegerField(source="carton.number", read_only=True, allow_null=True)

    class Meta:
        model = ShipmentItem
        fields = [
            "product_id",
            "sku",
            "quantity",
            "carton",
            "description",
            "hs_code",
            "country_of_origin",
            "unit_value",
        ]


class ShipmentSerializer(serializers.ModelSerializer):
    lane = serializers.CharField(source="lane.code", read_only=True, allow_null=True)
    cartons = ShipmentCartonSerializer(many=True, read_only=True)
    items = ShipmentItemSerializer(many=True, read_only=True)
    destination_problem = serializers.SerializerMethodField(
        help_text=_(
            "Why a transfer or inbound shipment cannot be received into stock on delivery (no or a "
            "malformed destination node code); null when nothing is wrong."
        )
    )

    class Meta:
        model = Shipment
        fields = [
            "id",
            "reference",
            "purpose",
            "source_reference",
            "lane",
            "origin_country",
            "destination_country",
            "destination_code",
            "incoterm",
            "currency",
            "booking_status",
            "booked_at",
            "cancelled_at",
            "booking_number",
            "transport_document_number",
            "container_numbers",
            "tracking_number",
            "status",
            "last_event_at",
            "last_location",
            "eta",
            "delivered_at",
            "created_at",
            "cartons",
            "items",
            "destination_problem",
        ]

    def get_destination_problem(self, shipment) -> str | None:
        return shipment_services.destination_node_problem(shipment) or None


class ShipmentItemInputSerializer(serializers.Serializer):
    product_id = id_field()
    quantity = quantity_field()
    carton = quantity_field(required=False, help_text=_("Number of the carton (1-based)."))
    unit_value = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    description = serializers.CharField(max_length=300, required=False)
    hs_code = serializers.RegexField(r"^\d{6,10}$", required=False)


class ShipmentCartonInputSerializer(CartonInputSerializer):
    marks = serializers.CharField(max_length=200, required=False, default="")


class ShipmentCreateSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40, required=False, default="")
    purpose = serializers.ChoiceField(choices=Shipment.Purpose.choices, default=Shipment.Purpose.MANUAL)
    source_reference = serializers.CharField(max_length=60, required=False, default="")
    lane = serializers.SlugRelatedField(slug_field="code", queryset=Lane.objects.all(), required=False)
    origin_country = serializers.CharField(max_length=2, required=False, default="")
    destination_country = serializers.CharField(max_length=2, required=False, default="")
    destination_code = serializers.CharField(max_length=40, required=False, default="")
    origin_address = serializers.CharField(required=False, default="", allow_blank=True)
    destination_address = serializers.CharField(required=False, default="", allow_blank=True)
    incoterm = serializers.ChoiceField(choices=["EXW", "FOB", "CIF", "DAP", "DDP"], default="DDP")
    currency = serializers.CharField(max_length=3, default="USD")
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    cartons = ShipmentCartonInputSerializer(many=True, required=False, max_length=2000)
    items = ShipmentItemInputSerializer(many=True, required=False, max_length=1000)
    booking_number = serializers.CharField(max_length=60, required=False, default="")
    transport_document_number = serializers.CharField(max_length=60, required=False, default="")
    container_numbers = serializers.ListField(
        child=serializers.CharField(max_length=15), required=False, default=list
    )
    tracking_number = serializers.CharField(max_length=60, required=False, default="")


class BookSerializer(serializers.Serializer):
    booking_number = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)


class ReferencesSerializer(serializers.Serializer):
    booking_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    transport_document_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    container_numbers = serializers.ListField(child=serializers.CharField(max_length=15), required=False)
    tracking_number = serializers.CharField(max_length=60, required=False, allow_blank=True)


class ShipmentFilter(django_filters.FilterSet):
    # Declared one by one: generating them from Meta.fields would query the fail-closed
    # manager outside any seller's scope.
    status = django_filters.ChoiceFilter(choices=TrackingStatus.choices)
    booking_status = django_filters.ChoiceFilter(choices=Shipment._meta.get_field("booking_status").choices)
    purpose = django_filters.ChoiceFilter(choices=Shipment.Purpose.choices)
    lane = django_filters.CharFilter(field_name="lane__code", help_text=_("Lane code."))
    destination_country = django_filters.CharFilter()
    destination_code = django_filters.CharFilter()
    source_reference = django_filters.CharFilter()
    reference = django_filters.CharFilter()

    class Meta:
        model = Shipment
        fields = []


class ShipmentCreateMixin:
    """Create goes through the shipment service, not a model serializer's save()."""

    def create(self, request, *args, **kwargs):
        incoming = ShipmentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        data["cartons"] = [dict(c) for c in data.get("cartons", [])]
        data["items"] = [dict(i) for i in data.get("items", [])]
        shipment = shipment_services.create_shipment(
            seller=self.seller, actor=request.user, api_key=self.api_key, **data
        )
        return Response(self._fresh(shipment.pk), status=status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        summary="Create a shipment",
        description=(
            "A draft shipment: from a transfer or inbound plan (`purpose`, `source_reference`, items) "
            "or by hand. Cartons are numbered in the order given; items may name their carton. "
            "Honours `Idempotency-Key`."
        ),
        request=ShipmentCreateSerializer,
        responses={201: ShipmentSerializer},
    )
)
class ShipmentViewSet(
    IdempotentCreateMixin,
    ShipmentCreateMixin,
    SellerScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The seller's shipments, with their cartons and items."""

    queryset = Shipment.objects.none()
    serializer_class = ShipmentSerializer
    filterset_class = ShipmentFilter
    required_scopes = {"read": "logistics:read", "write": "logistics:write"}

    def get_queryset(self):
        seller = self.seller
        return (
            Shipment.objects.for_seller(seller)
            .select_related("lane")
            .prefetch_related(
                Prefetch("cartons", queryset=ShipmentCarton.objects.for_seller(seller)),
                Prefetch(
                    "items",
                    queryset=ShipmentItem.objects.for_seller(seller).select_related("product", "carton"),
                ),
            )
        )

    def get_serializer_class(self):
        return ShipmentCreateSerializer if self.action == "create" else ShipmentSerializer

    @property
    def api_key(self):
        return self.request.auth if isinstance(self.request.auth, APIKey) else None

    def _fresh(self, pk) -> dict:
        return ShipmentSerializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=BookSerializer, responses={200: ShipmentSerializer})
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        """Draft → booked (needs a lane and cartons). 409 when it is not a draft."""
        shipment = self.get_object()
        incoming = BookSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        shipment_services.book_shipment(
            seller=self.seller, shipment=shipment, actor=request.user, **incoming.validated_data
        )
        return Response(self._fresh(shipment.pk))

    @extend_schema(request=None, responses={200: ShipmentSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Draft or booked → cancelled, while the goods have not been picked up. 409 otherwise."""
        shipment = self.get_object()
        shipment_services.cancel_shipment(seller=self.seller, shipment=shipment, actor=request.user)
        return Response(self._fresh(shipment.pk))

    @extend_schema(request=ReferencesSerializer, responses={200: ShipmentSerializer})
    @action(detail=True, methods=["post"])
    def references(self, request, pk=None):
        """Set the booking, transport document, container (ISO 6346) or tracking numbers."""
        shipment = self.get_object()
        incoming = ReferencesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        shipment_services.set_references(
            seller=self.seller, shipment=shipment, actor=request.user, **incoming.validated_data
        )
        return Response(self._fresh(shipment.pk))
