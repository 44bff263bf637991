"""Partner API of stock transfers between nodes: list, read, create, dispatch, cancel."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from inventory.models import Transfer, TransferLine
from inventory.services.transfers import cancel_transfer, close_transfer, create_transfer, dispatch_transfer
from portal.api.fields import id_field, quantity_field
from portal.api.idempotency import idempotent, run_idempotently
from portal.api.pagination import CreatedCursorPagination
from portal.api.viewsets import SellerCreateListRetrieveViewSet
from portal.models import APIKey

INVENTORY_SCOPES = {"read": "inventory:read", "write": "inventory:write"}


class TransferLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)

    class Meta:
        model = TransferLine
        fields = ["product", "sku", "quantity", "quantity_received", "quantity_lost"]


class TransferSerializer(serializers.ModelSerializer):
    from_node = serializers.CharField(source="from_node.code", read_only=True)
    to_node = serializers.CharField(source="to_node.code", read_only=True)
    shipment = serializers.CharField(
        source="shipment.reference", read_only=True, allow_null=True, default=None
    )
    lines = TransferLineSerializer(many=True, read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "reference",
            "from_node",
            "to_node",
            "status",
            "reason",
            "notes",
            "shipment",
            "lines",
            "created_at",
            "dispatched_at",
            "booked_at",
            "received_at",
            "cancelled_at",
            "closed_at",
            "close_reason",
        ]


class TransferLineInput(serializers.Serializer):
    product = id_field(help_text="Id of one of your products.")
    quantity = quantity_field()


class TransferInput(serializers.Serializer):
    reference = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="", help_text="Empty: one is made."
    )
    from_node = serializers.CharField(default="GWD-SZX", help_text="Node code to send from, e.g. GWD-SZX.")
    to_node = serializers.CharField(help_text="Node code to send to, e.g. FC-US or AWD-US.")
    reason = serializers.CharField(max_length=40, required=False, default="manual")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    lines = TransferLineInput(many=True)


class TransferCartonInput(serializers.Serializer):
    weight_g = quantity_field()
    length_mm = quantity_field()
    width_mm = quantity_field()
    height_mm = quantity_field()


class DispatchInput(serializers.Serializer):
    cartons = TransferCartonInput(many=True, required=False, default=list, max_length=500)


class CloseInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text='Empty: "lost in transit".'
    )


class TransferFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Transfer.Status.choices)
    reference = django_filters.CharFilter()
    from_node = django_filters.CharFilter(field_name="from_node__code")
    to_node = django_filters.CharFilter(field_name="to_node__code")

    class Meta:
        model = Transfer
        fields = ["status", "reference", "from_node", "to_node"]


@extend_schema_view(
    list=extend_schema(summary="Transfers between nodes (filter by status, reference, from/to node code)"),
    retrieve=extend_schema(summary="One transfer with its lines and freight shipment"),
)
class TransferViewSet(SellerCreateListRetrieveViewSet):
    """Stock transfers from a GWD hub to regional AWD sites and fulfilment centres."""

    queryset = Transfer.objects.none()
    serializer_class = TransferSerializer
    required_scopes = INVENTORY_SCOPES
    filterset_class = TransferFilter
    pagination_class = CreatedCursorPagination

    def get_queryset(self):
        return (
            Transfer.objects.for_seller(self.seller)
            .select_related("from_node", "to_node", "shipment")
            .prefetch_related(
                Prefetch("lines", queryset=TransferLine.objects.select_related("product").order_by("pk"))
            )
        )

    def _reload(self, transfer):
        return self.get_queryset().get(pk=transfer.pk)

    @extend_schema(
        request=TransferInput,
        responses={201: TransferSerializer, 400: OpenApiResponse(description="Field errors; nothing saved.")},
        summary="Create a draft transfer (Idempotency-Key honoured); nothing moves until dispatch",
    )
    def create(self, request, *args, **kwargs):
        return run_idempotently(self, request, lambda: self._create(request))

    def _create(self, request):
        data = TransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        transfer = create_transfer(
            seller=self.seller,
            reference=values["reference"],
            from_node=values["from_node"],
            to_node=values["to_node"],
            reason=values["reason"],
            notes=values["notes"],
            lines=[dict(line) for line in values["lines"]],
            created_by=request.user,
        )
        return Response(self.get_serializer(self._reload(transfer)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DispatchInput,
        responses={
            200: TransferSerializer,
            409: OpenApiResponse(description="Cancelled, or too few units available at the source now."),
        },
        summary="Dispatch: create the freight shipment and move the units in transit",
    )
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    @idempotent
    def send(self, request, pk=None):
        # Named `send`: `dispatch` is the view's own request handler.
        transfer = self.get_object()
        data = DispatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = dispatch_transfer(
            seller=self.seller,
            transfer=transfer,
            cartons=[dict(carton) for carton in data.validated_data["cartons"]],
            actor=request.user,
            api_key=request.auth if isinstance(request.auth, APIKey) else None,
        )
        return Response(self.get_serializer(self._reload(transfer)).data)

    @extend_schema(
        request=None,
        responses={200: TransferSerializer, 409: OpenApiResponse(description="Already dispatched.")},
        summary="Cancel a transfer not yet dispatched",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def cancel(self, request, pk=None):
        transfer = cancel_transfer(
            seller=self.seller,
            transfer=self.get_object(),
            actor=request.user,
            api_key=request.auth if isinstance(request.auth, APIKey) else None,
        )
        return Response(self.get_serializer(self._reload(transfer)).data)

    @extend_schema(
        request=CloseInput,
        responses={
            200: TransferSerializer,
            409: OpenApiResponse(description="Not received, or received in full: nothing to close."),
        },
        summary="Close a transfer received short: write off the missing units as lost in transit",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def close(self, request, pk=None):
        transfer = self.get_object()
        data = CloseInput(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = close_transfer(
            seller=self.seller,
            transfer=transfer,
            actor=request.user,
            reason=data.validated_data["reason"],
            api_key=request.auth if isinstance(request.auth, APIKey) else None,
        )
        return Response(self.get_serializer(self._reload(transfer)).data)
