"""`/api/v1/orders/` and `/api/v1/channel-connections/`: channel orders for connectors.

eBay, TikTok Shop, Walmart, Temu, SHEIN and marketplace connectors post their orders
here (Shopify uses its webhook). An order is unique per connection by `external_id`: a
repeated POST answers 200 with the order as it is; `Idempotency-Key` replays the first
answer exactly.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from inventory.api.shopify_fulfilments import ShipTrackingSerializer
from inventory.models import ChannelConnection, ChannelOrder, ChannelOrderLine, OrderAllocation
from inventory.models.orders import Channel, OrderStatus
from inventory.services.orders import (
    OrderInput,
    OrderLineInput,
    cancel_order,
    create_channel_connection,
    receive_channel_order,
    ship_order,
)
from portal.api.boundary import BoundedIsoDateTimeFilter
from portal.api.idempotency import IdempotentCreateMixin, idempotent
from portal.api.viewsets import SellerCreateListRetrieveViewSet

MAX_LINES = 500


class AllocationSerializer(serializers.ModelSerializer):
    node = serializers.CharField(source="node.code")

    class Meta:
        model = OrderAllocation
        fields = ["node", "quantity", "status", "created_at", "finished_at"]


class OrderLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="channel_sku")
    product_sku = serializers.SerializerMethodField()
    unmapped = serializers.BooleanField(source="is_unmapped")
    allocations = AllocationSerializer(many=True)

    class Meta:
        model = ChannelOrderLine
        fields = [
            "line_number",
            "sku",
            "product_sku",
            "unmapped",
            "title",
            "quantity",
            "quantity_reserved",
            "quantity_shipped",
            "unit_price",
            "allocations",
        ]

    def get_product_sku(self, line) -> str | None:
        return line.product.sku if line.product_id else None


class OrderSerializer(serializers.ModelSerializer):
    channel = serializers.CharField(source="connection.channel")
    marketplace = serializers.CharField(source="marketplace.code", allow_null=True, default=None)
    lines = OrderLineSerializer(many=True)

    class Meta:
        model = ChannelOrder
        fields = [
            "id",
            "connection",
            "channel",
            "external_id",
            "reference",
            "marketplace",
            "ship_to_country",
            "status",
            "currency",
            "placed_at",
            "created_at",
            "cancelled_at",
            "shipped_at",
            "lines",
        ]


class OrderLineInputSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=100, help_text="The channel's SKU (mapped per connection).")
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    unit_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    external_line_id = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OrderInputSerializer(serializers.Serializer):
    connection = serializers.PrimaryKeyRelatedField(
        queryset=ChannelConnection.objects.none(), help_text="Id of one of your channel connections."
    )
    external_id = serializers.CharField(max_length=100, help_text="The channel's order id.")
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    ship_to_country = serializers.RegexField(
        r"^[A-Z]{2}$",
        error_messages={"invalid": "Two capital letters: the ISO 3166 country code (US, DE, JP)."},
    )
    marketplace = serializers.RegexField(
        r"^[A-Z]{2}$",
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for channel `marketplace`: the marketplace code (US, DE, JP…).",
    )
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False, allow_blank=True, default="")
    placed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    lines = OrderLineInputSerializer(many=True, allow_empty=False, max_length=MAX_LINES)

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if view is not None and view.seller is not None:
            fields["connection"].queryset = ChannelConnection.objects.for_seller(view.seller)
        return fields

    def to_order_input(self) -> OrderInput:
        data = self.validated_data
        return OrderInput(
            external_id=data["external_id"],
            reference=data["reference"],
            ship_to_country=data["ship_to_country"],
            marketplace_code=data["marketplace"],
            currency=data["currency"],
            placed_at=data["placed_at"],
            lines=[OrderLineInput(**line) for line in data["lines"]],
        )


class OrderFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=OrderStatus.choices)
    channel = django_filters.ChoiceFilter(field_name="connection__channel", choices=Channel.choices)
    connection = django_filters.NumberFilter(field_name="connection_id")
    external_id = django_filters.CharFilter()
    ship_to_country = django_filters.CharFilter()
    created_after = BoundedIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = BoundedIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = ChannelOrder
        fields = ["status", "channel", "connection", "external_id", "ship_to_country"]


class OrderViewSet(SellerCreateListRetrieveViewSet):
    """Channel orders: create (reserves stock), list, read, cancel, confirm shipment."""

    queryset = ChannelOrder.objects.none()
    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    required_scopes = {"read": "orders:read", "write": "orders:write"}

    def get_queryset(self):
        lines = (
            ChannelOrderLine.objects.for_seller(self.seller).select_related("product").order_by("line_number")
        )
        allocations = OrderAllocation.objects.for_seller(self.seller).select_related("node")
        return (
            ChannelOrder.objects.for_seller(self.seller)
            .select_related("connection", "marketplace")
            .prefetch_related(
                Prefetch("lines", queryset=lines), Prefetch("lines__allocations", queryset=allocations)
            )
        )

    def get_serializer_class(self):
        return OrderInputSerializer if self.action == "create" else OrderSerializer

    def _answer(self, order, status_code):
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data, status=status_code)

    @extend_schema(
        request=OrderInputSerializer,
        responses={
            201: OrderSerializer,
            200: OpenApiResponse(OrderSerializer, description="The order was received before; unchanged."),
        },
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        """Receive an order and reserve its stock at the node serving the ship-to country.

        Lines whose SKU is not mapped are kept and flagged `unmapped`. A body with errors
        is refused whole (400, per-field messages such as `lines.0.quantity`).
        """
        serializer = OrderInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        order, created = receive_channel_order(
            seller=self.seller,
            connection=serializer.validated_data["connection"],
            data=serializer.to_order_input(),
        )
        return self._answer(order, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def cancel(self, request, pk=None):
        """Cancel the order: its reserved units become available again. 409 once shipped."""
        order = cancel_order(seller=self.seller, order=self.get_object())
        return self._answer(order, status.HTTP_200_OK)

    @extend_schema(request=ShipTrackingSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def ship(self, request, pk=None):
        """Confirm the shipment of the reserved units: they leave the nodes' stock. 409 if none.
        A Shopify order's shipment is reported to the shop with the optional tracking details."""
        tracking = ShipTrackingSerializer(data=request.data)
        tracking.is_valid(raise_exception=True)
        order = ship_order(seller=self.seller, order=self.get_object(), **tracking.validated_data)
        return self._answer(order, status.HTTP_200_OK)


class ChannelConnectionSerializer(serializers.ModelSerializer):
    webhook_url = serializers.SerializerMethodField(
        help_text="Shopify: the URL to enter as the webhook address."
    )
    webhook_secret = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", write_only=True
    )
    shop_domain = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    class Meta:
        model = ChannelConnection
        fields = [
            "id",
            "uuid",
            "channel",
            "name",
            "shop_domain",
            "webhook_secret",
            "webhook_url",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "uuid", "is_active", "created_at"]

    def get_webhook_url(self, connection) -> str | None:
        request = self.context.get("request")
        if not connection.webhook_path:
            return None
        return request.build_absolute_uri(connection.webhook_path) if request else connection.webhook_path


class ChannelConnectionFilter(django_filters.FilterSet):
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = ChannelConnection
        fields = ["channel", "is_active"]


class ChannelConnectionViewSet(IdempotentCreateMixin, SellerCreateListRetrieveViewSet):
    """The seller's channel accounts. Creating a Shopify connection answers the webhook URL."""

    queryset = ChannelConnection.objects.none()
    serializer_class = ChannelConnectionSerializer
    filterset_class = ChannelConnectionFilter
    required_scopes = {"read": "orders:read", "write": "orders:write"}

    def perform_create(self, serializer):
        serializer.instance = create_channel_connection(seller=self.seller, **serializer.validated_data)
