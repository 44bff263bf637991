"""`/api/v1/channel-connections/{id}/sku-mappings/` and `.../{id}/ring-fences/`.

A connector maps the SKUs its channel uses to the seller's products, and keeps a buffer of
stock for its channel (a ring-fence other channels cannot take). Both reuse the services in
`inventory.services.orders`: a new mapping gives waiting orders' unmapped lines their product
and tries to reserve them; a fence of 0 units removes the fence.

A connection of another seller answers 404, as does a mapping or fence outside the connection.
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from inventory.models import ChannelConnection, ChannelSkuMapping, Node, RingFence
from inventory.services.orders import map_channel_sku, set_ring_fence
from listings.models import Product
from portal.api.idempotency import IdempotentCreateMixin, run_idempotently
from portal.api.viewsets import SellerScopedMixin

CONNECTION_PARAMETER = OpenApiParameter(
    "connection_pk", int, OpenApiParameter.PATH, description="Id of one of your channel connections."
)


class ProductSkuField(serializers.SlugRelatedField):
    """A product of the request's seller, named by its SKU."""

    default_error_messages = {
        "does_not_exist": _("No product of yours has the SKU {value}."),
        "invalid": _("Give the product's SKU as text."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="sku", **kwargs)

    def get_queryset(self):
        view = self.context.get("view")
        if view is None or view.seller is None:
            return Product.objects.none()
        return Product.objects.for_seller(view.seller)


class NodeCodeField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown node {value}; use a node code such as FC-US, FC-DE or GWD-SZX."),
        "invalid": _("Give the node's code as text."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Node.objects.filter(is_active=True), **kwargs)


class SkuMappingSerializer(serializers.ModelSerializer):
    product = ProductSkuField(help_text="The SKU of your product that the channel SKU stands for.")
    channel_sku = serializers.CharField(max_length=100, help_text="The SKU the channel uses.")

    class Meta:
        model = ChannelSkuMapping
        fields = ["id", "connection", "channel_sku", "product", "created_at"]
        read_only_fields = ["id", "connection", "created_at"]


class RingFenceSerializer(serializers.ModelSerializer):
    product = ProductSkuField(help_text="The SKU of your product.")
    node = NodeCodeField(help_text="The node whose units are kept, such as FC-US.")
    quantity = serializers.IntegerField(
        min_value=0,
        max_value=10_000_000,
        help_text="Units kept for this connection; 0 removes the fence.",
    )

    class Meta:
        model = RingFence
        fields = ["id", "connection", "product", "node", "quantity", "created_at"]
        read_only_fields = ["id", "connection", "created_at"]


class ConnectionChildViewSet(
    IdempotentCreateMixin,
    SellerScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """List, create and delete rows that belong to one channel connection."""

    required_scopes = {"read": "orders:read", "write": "orders:write"}
    # For tests/test_tenant_isolation.py: the URL's parent argument selects a connection.
    tenant_url_kwargs = {"connection_pk": (ChannelConnection, "pk")}

    def get_connection(self) -> ChannelConnection:
        if getattr(self, "_connection", None) is None:
            if getattr(self, "swagger_fake_view", False):
                raise Http404
            self._connection = get_object_or_404(
                ChannelConnection.objects.for_seller(self.seller), pk=self.kwargs["connection_pk"]
            )
        return self._connection

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            self.queryset.model.objects.for_seller(self.seller)
            .filter(connection=self.get_connection())
            .select_related("product", *self.related)
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.get_connection()  # another seller's connection: 404 before anything else


class SkuMappingFilter(django_filters.FilterSet):
    channel_sku = django_filters.CharFilter()
    product = django_filters.CharFilter(field_name="product__sku", label="product SKU")

    class Meta:
        model = ChannelSkuMapping
        fields = ["channel_sku", "product"]


@extend_schema_view(
    list=extend_schema(parameters=[CONNECTION_PARAMETER]),
    destroy=extend_schema(parameters=[CONNECTION_PARAMETER]),
)
class SkuMappingViewSet(ConnectionChildViewSet):
    """The connection's channel SKU → product mappings."""

    queryset = ChannelSkuMapping.objects.none()
    serializer_class = SkuMappingSerializer
    filterset_class = SkuMappingFilter
    related = ()

    @extend_schema(parameters=[CONNECTION_PARAMETER], responses={201: SkuMappingSerializer})
    def create(self, request, *args, **kwargs):
        """Map a channel SKU to a product (replacing an earlier mapping of that SKU).

        Waiting orders of this connection whose lines carry the SKU unmapped get the
        product and are reserved again.
        """
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = map_channel_sku(
            seller=self.seller,
            connection=self.get_connection(),
            channel_sku=serializer.validated_data["channel_sku"],
            product=serializer.validated_data["product"],
        )


class RingFenceFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__sku", label="product SKU")
    node = django_filters.CharFilter(field_name="node__code", label="node code")

    class Meta:
        model = RingFence
        fields = ["product", "node"]


@extend_schema_view(
    list=extend_schema(parameters=[CONNECTION_PARAMETER]),
    destroy=extend_schema(parameters=[CONNECTION_PARAMETER]),
)
class RingFenceViewSet(ConnectionChildViewSet):
    """Units of a product at a node kept for this connection: other channels cannot take them."""

    queryset = RingFence.objects.none()
    serializer_class = RingFenceSerializer
    filterset_class = RingFenceFilter
    related = ("node",)

    @extend_schema(
        parameters=[CONNECTION_PARAMETER],
        responses={
            201: RingFenceSerializer,
            200: OpenApiResponse(RingFenceSerializer, description="The fence existed and was changed."),
            204: OpenApiResponse(description="Quantity 0: the fence was removed (or there was none)."),
        },
    )
    def create(self, request, *args, **kwargs):
        """Set the fence of a product at a node to `quantity` units (replacing the earlier one).

        Answers 201 for a new fence, 200 for a changed one; `quantity` 0 removes the fence
        and answers 204.
        """
        return run_idempotently(self, request, lambda: self._set_fence(request))

    def _set_fence(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        connection = self.get_connection()
        existed = (
            RingFence.objects.for_seller(self.seller)
            .filter(connection=connection, product=data["product"], node=data["node"])
            .exists()
        )
        fence = set_ring_fence(
            seller=self.seller,
            connection=connection,
            product=data["product"],
            node=data["node"],
            quantity=data["quantity"],
        )
        if fence is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.get_serializer(fence).data, status=code)

    def perform_destroy(self, instance):
        set_ring_fence(
            seller=self.seller,
            connection=self.get_connection(),
            product=instance.product,
            node=instance.node,
            quantity=0,
        )
