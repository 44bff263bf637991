"""Partner API of reorder suggestions from the factory: list, one SKU's, and confirm."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inventory.selectors.reorders import reorder_suggestions
from inventory.services.reorders import confirm_reorder
from listings.models import Product
from portal.api.fields import quantity_field
from portal.api.viewsets import SellerScopedMixin

INVENTORY_SCOPES = {"read": "inventory:read", "write": "inventory:write"}


class ReorderSuggestionSerializer(serializers.Serializer):
    product = serializers.IntegerField(source="product.pk")
    sku = serializers.CharField(source="product.sku")
    supplier = serializers.CharField()
    pool_units = serializers.IntegerField()
    daily_demand = serializers.FloatField()
    cover_days = serializers.FloatField(allow_null=True)
    lead_time_days = serializers.IntegerField()
    lead_time_assumed = serializers.BooleanField()
    minimum_order_units = serializers.IntegerField()
    order_by = serializers.DateField()
    arrives_by = serializers.DateField()
    quantity = serializers.IntegerField()


class ConfirmInput(serializers.Serializer):
    quantity = quantity_field(required=False)


class ReorderSuggestionViewSet(SellerScopedMixin, viewsets.ViewSet):
    """SKUs whose pool cover falls below the factory's lead time plus a safety margin, by product id."""

    required_scopes = INVENTORY_SCOPES
    serializer_class = ReorderSuggestionSerializer
    # The id in the path is the product's: another seller's product answers 404.
    queryset = Product.objects.none()

    def _product(self, pk) -> Product:
        try:
            return Product.objects.for_seller(self.seller).get(pk=int(pk))
        except (Product.DoesNotExist, ValueError):
            raise Http404 from None

    @extend_schema(responses=ReorderSuggestionSerializer(many=True))
    def list(self, request):
        return Response(ReorderSuggestionSerializer(reorder_suggestions(self.seller), many=True).data)

    @extend_schema(
        responses={200: ReorderSuggestionSerializer, 404: OpenApiResponse(description="No suggestion.")}
    )
    def retrieve(self, request, pk=None):
        found = reorder_suggestions(self.seller, products=[self._product(pk)])
        if not found:
            raise Http404
        return Response(ReorderSuggestionSerializer(found[0]).data)

    @extend_schema(
        request=ConfirmInput,
        responses={201: OpenApiResponse(description="The inbound plan: id and reference.")},
        summary="Confirm the suggestion into an inbound plan to the GWD",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        product = self._product(pk)
        data = ConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = confirm_reorder(
            seller=self.seller, product=product, quantity=data.validated_data.get("quantity")
        )
        return Response(
            {"id": plan.pk, "reference": plan.reference, "expected_date": plan.expected_date.isoformat()},
            status=status.HTTP_201_CREATED,
        )
