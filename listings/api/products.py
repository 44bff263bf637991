"""Partner API of the catalogue and publishing: products, listings, publish.

- `/api/v1/products/` CRUD (scopes listings:read / listings:write), filters status, brand,
  category, sku, q; `POST /api/v1/products/{id}/publish/` publishes one product.
- `/api/v1/listings/` read, filters product, marketplace (code), state; `POST
  /api/v1/listings/{id}/pause/` and `/end/`.
- `POST /api/v1/publish/` publishes many products: `{"products": [ids], "marketplaces":
  ["US", "DE"] | "all", "region": "EU", "gwd_direct": ["AU"]}` → 202 with the JobRun.

Creating POSTs honour `Idempotency-Key`.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from listings.models import Listing, Product
from listings.services import catalogue, publishing
from portal.api.fields import id_field
from portal.api.idempotency import IdempotentCreateMixin, idempotent
from portal.api.pagination import IdCursorPagination
from portal.api.viewsets import SellerModelViewSet, SellerReadOnlyViewSet, SellerScopedMixin
from portal.models import JobRun

SCOPES = {"read": "listings:read", "write": "listings:write"}


class ProductSerializer(serializers.ModelSerializer):
    bullet_points = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    attributes = serializers.DictField(required=False)

    class Meta:
        model = Product
        fields = ["id", *catalogue.PRODUCT_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness per seller is checked by the service, which knows the seller.
        validators = []

    def create(self, validated_data):
        return catalogue.create_product(seller=self.context["seller"], **validated_data)

    def update(self, instance, validated_data):
        return catalogue.update_product(seller=self.context["seller"], product=instance, **validated_data)


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="SKU, title, brand or GTIN contains")
    category = django_filters.CharFilter(lookup_expr="icontains")
    status = django_filters.ChoiceFilter(choices=Product.Status.choices)
    brand = django_filters.CharFilter()
    sku = django_filters.CharFilter()

    # Filters are declared, not generated: generating them queries the fail-closed manager.
    class Meta:
        model = Product
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(sku__icontains=value) | Q(title__icontains=value) | Q(brand__icontains=value) | Q(gtin=value)
        )


class PublishSerializer(serializers.Serializer):
    products = serializers.ListField(child=id_field(), required=False)
    marketplaces = serializers.JSONField(required=False, help_text='A list of marketplace codes, or "all".')
    region = serializers.ChoiceField(choices=["NA", "SA", "EU", "MEA", "APAC"], required=False)
    gwd_direct = serializers.ListField(child=serializers.CharField(max_length=2), required=False)

    def validate_marketplaces(self, value):
        if value == "all" or (isinstance(value, list) and all(isinstance(c, str) for c in value)):
            return value
        raise serializers.ValidationError('Give a list of marketplace codes, such as ["US", "DE"], or "all".')

    def validate(self, attrs):
        if not attrs.get("marketplaces") and not attrs.get("region"):
            raise serializers.ValidationError({"marketplaces": ['Choose marketplaces, a region, or "all".']})
        return attrs


class JobAcceptedSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobRun
        fields = ["id", "kind", "status", "params", "progress_done", "progress_total", "created_at"]


def _start(view, request, product_ids, data) -> Response:
    chosen = publishing.select_marketplaces(codes=data.get("marketplaces"), region=data.get("region", ""))
    job = publishing.start_publish(
        seller=view.seller,
        product_ids=product_ids,
        marketplaces=chosen,
        gwd_direct=data.get("gwd_direct", []),
        started_by=request.user,
        api_key=request.auth if hasattr(request.auth, "scopes") else None,
    )
    return Response(JobAcceptedSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ProductViewSet(IdempotentCreateMixin, SellerModelViewSet):
    queryset = Product.objects.with_scopes_disabled().none()
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    required_scopes = SCOPES

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "seller": self.seller}

    @extend_schema(
        description=(
            "Delete a product nothing refers to yet. A product with history (stock, orders, "
            "sales, listings) answers 409 `conflict`: archive it instead with "
            '`PATCH {"status": "archived"}`.'
        )
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        catalogue.delete_product(seller=self.seller, product=instance)

    @extend_schema(
        request=PublishSerializer,
        responses={202: JobAcceptedSerializer},
        description="Publish this product to marketplaces; answers 202 with the job to poll.",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def publish(self, request, pk=None):
        product = self.get_object()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _start(self, request, [product.pk], serializer.validated_data)


class ListingSerializer(serializers.ModelSerializer):
    marketplace = serializers.CharField(source="marketplace.code", read_only=True)
    sku = serializers.CharField(source="product.sku", read_only=True)
    overridden_fields = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = [
            "id",
            "product",
            "sku",
            "marketplace",
            "marketplace_sku",
            "locale",
            "title",
            "bullet_points",
            "description",
            "content_origin",
            "price",
            "currency",
            "price_formatted",
            "fx_rate",
            "fx_date",
            "fx_source",
            "price_stale",
            "fulfilment_route",
            "fulfilment_from",
            "delivery_days_min",
            "delivery_days_max",
            "state",
            "blocked_reasons",
            "problems",
            "overridden_fields",
            "last_changes",
            "published_at",
            "synced_at",
        ]
        read_only_fields = fields

    def get_overridden_fields(self, obj) -> list[str]:
        return sorted(obj.overrides)


class ListingFilter(django_filters.FilterSet):
    marketplace = django_filters.CharFilter(
        field_name="marketplace__code", lookup_expr="iexact", label="Marketplace code"
    )
    product = django_filters.NumberFilter(field_name="product_id")
    state = django_filters.ChoiceFilter(choices=Listing.State.choices)

    class Meta:
        model = Listing
        fields: list[str] = []


class ListingViewSet(SellerReadOnlyViewSet):
    queryset = Listing.objects.with_scopes_disabled().none()
    serializer_class = ListingSerializer
    filterset_class = ListingFilter
    pagination_class = IdCursorPagination
    required_scopes = SCOPES

    def get_queryset(self):
        return Listing.objects.for_seller(self.seller).select_related("marketplace", "product")

    def _change(self, action_name):
        listing = self.get_object()
        listing = publishing.change_listing_state(seller=self.seller, listing=listing, action=action_name)
        return Response(self.get_serializer(listing).data)

    @extend_schema(
        request=None, responses={200: ListingSerializer, 409: OpenApiResponse(description="Not pausable")}
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._change("pause")

    @extend_schema(
        request=None, responses={200: ListingSerializer, 409: OpenApiResponse(description="Already ended")}
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._change("end")

    @extend_schema(
        request=None, responses={200: ListingSerializer, 409: OpenApiResponse(description="Not paused")}
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._change("resume")


class PublishView(SellerScopedMixin, APIView):
    required_scopes = SCOPES

    @extend_schema(
        request=inline_serializer(
            "PublishProducts",
            {
                "products": serializers.ListField(child=id_field()),
                "marketplaces": serializers.JSONField(),
                "region": serializers.CharField(required=False),
                "gwd_direct": serializers.ListField(child=serializers.CharField(), required=False),
            },
        ),
        responses={202: JobAcceptedSerializer},
        description="Publish products to marketplaces in one job; answers 202 with the JobRun to poll.",
    )
    @idempotent
    def post(self, request):
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not data.get("products"):
            raise serializers.ValidationError({"products": ["Give the ids of the products to publish."]})
        return _start(self, request, data["products"], data)
