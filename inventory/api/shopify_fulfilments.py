"""Shopify write-back in the API: the shop's access token, the shipment's tracking details,
and the fulfilments reported to shops.

- `PUT /api/v1/channel-connections/{id}/shopify-access-token/` stores (encrypted) the Admin
  API token the portal reports shipments with; it is never answered back.
- `POST /api/v1/orders/{id}/ship/` takes the optional tracking details below.
- `GET /api/v1/shopify-fulfilments/` lists each report, its attempts and Shopify's answer.
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from inventory.models import ChannelConnection, ShopifyAccess, ShopifyFulfilment
from inventory.services.shopify_fulfilments import set_access_token
from portal.api.viewsets import SellerReadOnlyViewSet, SellerScopedMixin
from portal.models import APIKey


class ShipTrackingSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    tracking_company = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The carrier as Shopify names it, e.g. UPS, DHL Express, 4PX."),
    )
    tracking_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class ShopifyFulfilmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShopifyFulfilment
        fields = [
            "id",
            "order",
            "connection",
            "lines",
            "tracking_number",
            "tracking_company",
            "tracking_url",
            "status",
            "attempt_count",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "shopify_fulfillment_id",
            "created_at",
            "completed_at",
        ]


class ShopifyFulfilmentFilter(django_filters.FilterSet):
    order = django_filters.NumberFilter(field_name="order_id")
    status = django_filters.ChoiceFilter(choices=ShopifyFulfilment.Status.choices)

    class Meta:
        model = ShopifyFulfilment
        fields = ["order", "status"]


@extend_schema_view(
    list=extend_schema(
        tags=["orders"], description=_("Shipments reported to Shopify shops, newest first; filter by order.")
    ),
    retrieve=extend_schema(tags=["orders"], description=_("One report with Shopify's last answer.")),
)
class ShopifyFulfilmentViewSet(SellerReadOnlyViewSet):
    queryset = ShopifyFulfilment.objects.none()
    serializer_class = ShopifyFulfilmentSerializer
    required_scopes = {"read": "orders:read"}
    filterset_class = ShopifyFulfilmentFilter


class AccessTokenStateSerializer(serializers.Serializer):
    is_set = serializers.BooleanField()
    updated_at = serializers.DateTimeField(allow_null=True)


class AccessTokenSerializer(serializers.Serializer):
    access_token = serializers.CharField(
        max_length=200, write_only=True, help_text=_("The shop app's Admin API access token (`shpat_…`).")
    )


class ShopifyAccessTokenView(SellerScopedMixin, GenericAPIView):
    """Store the Admin API access token of a Shopify connection (owners and admins)."""

    serializer_class = AccessTokenSerializer
    required_scopes = {"read": "orders:read", "write": "orders:write"}
    pagination_class = None
    filter_backends = []

    def _connection(self, pk: int) -> ChannelConnection:
        connection = ChannelConnection.objects.for_seller(self.seller).filter(pk=pk).first()
        if connection is None:
            raise Http404
        return connection

    @extend_schema(
        operation_id="channel_connections_shopify_access_token_retrieve",
        tags=["orders"],
        responses={200: AccessTokenStateSerializer},
        description=_("Whether the connection has a token, and since when; the token itself never."),
    )
    def get(self, request, pk: int):
        access = ShopifyAccess.objects.for_seller(self.seller).filter(connection=self._connection(pk)).first()
        return Response({"is_set": access is not None, "updated_at": access.updated_at if access else None})

    @extend_schema(
        operation_id="channel_connections_shopify_access_token",
        tags=["orders"],
        request=AccessTokenSerializer,
        responses={204: None},
    )
    def put(self, request, pk: int):
        membership = getattr(request._request, "membership", None)
        if not isinstance(request.auth, APIKey) and (membership is None or not membership.can_manage):
            self.permission_denied(request, message=_("Only owners and admins store a shop's access token."))
        connection = self._connection(pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        set_access_token(
            seller=self.seller, connection=connection, access_token=serializer.validated_data["access_token"]
        )
        return Response(status=204)
