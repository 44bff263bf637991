"""Partner API of the inventory app: nodes, stock, stock movements and inbound shipments.

Thin: serializers validate shapes, services apply the rules, viewsets serialise.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inventory.models import (
    InboundCarton,
    InboundLine,
    InboundReceipt,
    InboundShipment,
    MovementKind,
    Node,
    StockBalance,
    StockMovement,
)
from inventory.services.adjustments import KINDS as ADJUSTMENT_KINDS
from inventory.services.adjustments import record_stock_change
from inventory.services.freight import quote_plan_freight
from inventory.services.inbound import create_inbound_shipment, receive_inbound
from inventory.services.inputs import active_node
from logistics.api.quotes import QuoteSerializer
from portal.api.fields import id_field, quantity_field
from portal.api.idempotency import idempotent, run_idempotently
from portal.api.pagination import CreatedCursorPagination, IdCursorPagination
from portal.api.permissions import HasSellerAccess, request_seller
from portal.api.viewsets import SellerCreateListRetrieveViewSet, SellerReadOnlyViewSet, SellerScopedMixin
from portal.models import APIKey
from portal.numbers import MAX_QUANTITY

INVENTORY_SCOPES = {"read": "inventory:read", "write": "inventory:write"}


# Nodes -------------------------------------------------------------------------------


class NodeSerializer(serializers.ModelSerializer):
    marketplaces = serializers.SerializerMethodField()

    class Meta:
        model = Node
        fields = ["code", "name", "kind", "region", "country", "city", "is_active", "marketplaces"]

    def get_marketplaces(self, node) -> list[dict]:
        return [
            {"marketplace": s.marketplace.code, "priority": s.priority, "remote": s.is_remote}
            for s in node.services.all()
        ]


class NodeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Node.Kind.choices)
    region = django_filters.CharFilter()
    marketplace = django_filters.CharFilter(field_name="services__marketplace__code", distinct=True)

    class Meta:
        model = Node
        fields = ["kind", "region", "marketplace"]


class NodeViewSet(viewsets.ReadOnlyModelViewSet):
    """Nodes are reference data shared by every seller: GWD hubs, AWD sites and FCs with the
    marketplaces they serve (priority 1 first; `remote` marks remote fulfilment)."""

    # No class queryset: nodes are not a seller's rows (see the cross-tenant URL walk).
    tenant_model = None
    not_tenant_reason = "nodes are reference data shared by every seller"
    serializer_class = NodeSerializer
    permission_classes = [HasSellerAccess]
    required_scopes = INVENTORY_SCOPES
    filterset_class = NodeFilter
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9-]+"

    def get_queryset(self):
        return Node.objects.filter(is_active=True).prefetch_related("services__marketplace").order_by("code")


# Stock -------------------------------------------------------------------------------


class StockBalanceSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    node = serializers.CharField(source="node.code", read_only=True)
    available = serializers.IntegerField(read_only=True)

    class Meta:
        model = StockBalance
        fields = [
            "id",
            "product",
            "sku",
            "node",
            "on_hand",
            "reserved",
            "available",
            "inbound",
            "in_transit",
            "updated_at",
        ]


class StockBalanceFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    sku = django_filters.CharFilter(field_name="product__sku")
    node = django_filters.CharFilter(field_name="node__code")

    class Meta:
        model = StockBalance
        fields = ["product", "sku", "node"]


@extend_schema_view(
    list=extend_schema(summary="Stock balances per product and node (filter by product, sku, node code)"),
)
class StockBalanceViewSet(SellerReadOnlyViewSet):
    queryset = StockBalance.objects.none()
    serializer_class = StockBalanceSerializer
    required_scopes = INVENTORY_SCOPES
    filterset_class = StockBalanceFilter
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return super().get_queryset().select_related("product", "node")


class StockMovementSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    node = serializers.CharField(source="node.code", read_only=True)

    class Meta:
        model = StockMovement
        fields = [
            "id",
            "product",
            "sku",
            "node",
            "kind",
            "quantity",
            "on_hand_delta",
            "reserved_delta",
            "inbound_delta",
            "in_transit_delta",
            "cause_type",
            "cause_ref",
            "reason",
            "created_at",
        ]


class StockMovementFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    sku = django_filters.CharFilter(field_name="product__sku")
    node = django_filters.CharFilter(field_name="node__code")
    kind = django_filters.ChoiceFilter(choices=MovementKind.choices)
    cause_type = django_filters.CharFilter()
    cause_ref = django_filters.CharFilter()
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = StockMovement
        fields = ["product", "sku", "node", "kind", "cause_type", "cause_ref"]


class StockMovementViewSet(SellerReadOnlyViewSet):
    """The append-only ledger: every change of stock, newest first. Read only."""

    queryset = StockMovement.objects.none()
    serializer_class = StockMovementSerializer
    required_scopes = INVENTORY_SCOPES
    filterset_class = StockMovementFilter
    pagination_class = CreatedCursorPagination

    def get_queryset(self):
        return super().get_queryset().select_related("product", "node")


# Adjustments, damage and returns -----------------------------------------------------


class StockAdjustmentInput(serializers.Serializer):
    product = id_field(help_text="The product's id.")
    node = serializers.CharField(max_length=20, help_text="The node's code, e.g. GWD-SZX.")
    kind = serializers.ChoiceField(choices=[str(k) for k in ADJUSTMENT_KINDS])
    quantity = quantity_field(
        min_value=-MAX_QUANTITY,
        help_text="Units: signed for an adjustment (negative removes), 1 or more for damage and returns.",
    )
    reason = serializers.CharField(max_length=300, help_text="Why the stock changes; required.")


class StockAdjustmentViewSet(SellerScopedMixin, viewsets.GenericViewSet):
    """Record an adjustment, damage or return by hand; answers with the ledger movement."""

    queryset = StockMovement.objects.none()
    serializer_class = StockMovementSerializer
    required_scopes = INVENTORY_SCOPES

    @extend_schema(
        request=StockAdjustmentInput,
        responses={
            201: StockMovementSerializer,
            400: OpenApiResponse(
                description="A field is wrong: unknown product or node, bad quantity, no reason."
            ),
            403: OpenApiResponse(
                description="Viewers and keys without inventory:write may not change stock."
            ),
            409: OpenApiResponse(description="Fewer units are available than the decrease or damage takes."),
        },
        summary="Record an adjustment (signed), damage or return of one product at one node",
    )
    def create(self, request, *args, **kwargs):
        return run_idempotently(self, request, lambda: self._create(request))

    def _create(self, request):
        data = StockAdjustmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        api_key = request.auth if isinstance(request.auth, APIKey) else None
        movement = record_stock_change(
            seller=self.seller,
            product=values["product"],
            node=values["node"],
            kind=values["kind"],
            quantity=values["quantity"],
            reason=values["reason"],
            actor=request.user if api_key is None else None,
            api_key=api_key,
        )
        movement = (
            StockMovement.objects.for_seller(self.seller)
            .select_related("product", "node")
            .get(pk=movement.pk)
        )
        return Response(StockMovementSerializer(movement).data, status=status.HTTP_201_CREATED)


# Inbound shipments ---------------------------------------------------------------------


class InboundLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    quantity_good = serializers.IntegerField(read_only=True)
    quantity_short = serializers.IntegerField(read_only=True)
    quantity_over = serializers.IntegerField(read_only=True)

    class Meta:
        model = InboundLine
        fields = [
            "product",
            "sku",
            "quantity_expected",
            "quantity_received",
            "quantity_damaged",
            "quantity_good",
            "quantity_short",
            "quantity_over",
        ]


class InboundCartonSerializer(serializers.ModelSerializer):
    class Meta:
        model = InboundCarton
        fields = ["count", "length_mm", "width_mm", "height_mm", "weight_g"]


class InboundReceiptSerializer(serializers.ModelSerializer):
    class Meta:
        model = InboundReceipt
        fields = ["id", "source", "reference", "lines", "created_at"]


class InboundShipmentSerializer(serializers.ModelSerializer):
    node = serializers.CharField(source="node.code", read_only=True)
    lines = InboundLineSerializer(many=True, read_only=True)
    cartons = InboundCartonSerializer(many=True, read_only=True)
    receipts = InboundReceiptSerializer(many=True, read_only=True)

    class Meta:
        model = InboundShipment
        fields = [
            "id",
            "reference",
            "node",
            "status",
            "expected_date",
            "notes",
            "lines",
            "cartons",
            "receipts",
            "created_at",
            "received_at",
        ]


class InboundLineInput(serializers.Serializer):
    product = id_field()
    quantity = quantity_field()


class InboundShipmentInput(serializers.Serializer):
    reference = serializers.CharField(max_length=64)
    node = serializers.CharField(default="GWD-SZX", help_text="Code of the GWD hub, e.g. GWD-SZX.")
    expected_date = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    lines = InboundLineInput(many=True)
    cartons = InboundCartonSerializer(many=True, required=False, default=list)


class ReceiptLineInput(serializers.Serializer):
    product = id_field()
    received = quantity_field(min_value=0)
    damaged = quantity_field(min_value=0, default=0)


class ReceiptInput(serializers.Serializer):
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "The warehouse's receipt number; a count with a reference already recorded is not applied again."
        ),
    )
    lines = ReceiptLineInput(many=True)
    received_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the warehouse received the units, if earlier than now; stock ages from it.",
    )


class InboundShipmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=InboundShipment.Status.choices)
    reference = django_filters.CharFilter()

    class Meta:
        model = InboundShipment
        fields = ["status", "reference"]


class PlanQuoteInput(serializers.Serializer):
    origin_country = serializers.CharField(
        max_length=2, default="CN", help_text="Where the cartons ship from (ISO code); default CN."
    )
    ready_on = serializers.DateField(required=False, allow_null=True, default=None)
    value_per_day = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )


class _QuoteReads(HasSellerAccess):
    """Quoting a plan is a POST that reads the plan and stores nothing: it is allowed as a
    read — keys need inventory:read, members of any role (viewers too) may ask."""

    def has_permission(self, request, view):
        if request_seller(request) is None:
            return False
        if isinstance(request.auth, APIKey):
            if "inventory:read" not in request.auth.scopes:
                self.message = _("This API key lacks the scope '%(scope)s'.") % {"scope": "inventory:read"}
                self.code = "insufficient_scope"
                return False
            return True
        return getattr(request._request, "membership", None) is not None


class InboundShipmentViewSet(SellerCreateListRetrieveViewSet):
    """Inbound plans to the GWD, with what the warehouse counted per line (short, over, damaged)."""

    queryset = InboundShipment.objects.none()
    serializer_class = InboundShipmentSerializer
    required_scopes = INVENTORY_SCOPES
    filterset_class = InboundShipmentFilter

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("node")
            .prefetch_related("lines__product", "cartons", "receipts")
        )

    @extend_schema(request=InboundShipmentInput, responses={201: InboundShipmentSerializer})
    def create(self, request, *args, **kwargs):
        return run_idempotently(self, request, lambda: self._create(request))

    def _create(self, request):
        data = InboundShipmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        node = active_node(values["node"])
        shipment = create_inbound_shipment(
            seller=self.seller,
            reference=values["reference"],
            node=node,
            expected_date=values["expected_date"],
            notes=values["notes"],
            lines=[dict(line) for line in values["lines"]],
            cartons=[dict(carton) for carton in values["cartons"]],
            created_by=request.user,
        )
        shipment = self.get_queryset().get(pk=shipment.pk)
        return Response(self.get_serializer(shipment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReceiptInput,
        responses={
            200: InboundShipmentSerializer,
            400: OpenApiResponse(description="A line names a product not on the plan, or bad counts."),
            409: OpenApiResponse(description="The shipment is closed, received or cancelled."),
        },
        summary="Record the warehouse's count: received and damaged units per line",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def receive(self, request, pk=None):
        shipment = self.get_object()
        data = ReceiptInput(data=request.data)
        data.is_valid(raise_exception=True)
        api_key = request.auth if isinstance(request.auth, APIKey) else None
        receive_inbound(
            seller=self.seller,
            shipment=shipment,
            counts=[dict(line) for line in data.validated_data["lines"]],
            source=InboundReceipt.Source.PARTNER,
            reference=data.validated_data["reference"],
            actor=request.user,
            api_key=api_key,
            received_at=data.validated_data["received_at"],
        )
        shipment = self.get_queryset().get(pk=shipment.pk)
        return Response(self.get_serializer(shipment).data)

    @extend_schema(
        request=PlanQuoteInput,
        responses={
            200: QuoteSerializer,
            400: OpenApiResponse(description="The plan has no cartons, or a bad origin or date."),
        },
        summary="Compare freight lanes for the plan's cartons and goods to its hub (scope inventory:read)",
        description=(
            "Prices the plan's cartons (each carton group expanded) and its goods on every lane from "
            "`origin_country` to the plan's hub valid on `ready_on`: itemised cost, ETA window, landed "
            "cost per unit; cheapest, fastest and best value marked. Nothing is stored, so the scope "
            "is inventory:read (members of any role may ask too)."
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=[_QuoteReads])
    def quote(self, request, pk=None):
        plan = self.get_object()
        data = PlanQuoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = quote_plan_freight(
            seller=self.seller,
            plan=plan,
            origin_country=values["origin_country"],
            ready_on=values["ready_on"],
            value_per_day=values["value_per_day"],
        )
        return Response(QuoteSerializer(result).data)


__all__ = [
    "InboundShipmentViewSet",
    "StockAdjustmentViewSet",
    "NodeViewSet",
    "StockBalanceViewSet",
    "StockMovementViewSet",
]
