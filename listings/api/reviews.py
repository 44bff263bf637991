"""`/api/v1/reviews/`: list reviews; `POST` imports a batch and answers per item."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from listings.models import Review
from listings.services.reviews import MAX_BATCH, import_reviews
from portal.api.fields import id_field
from portal.api.idempotency import idempotent
from portal.api.pagination import PortalCursorPagination
from portal.api.viewsets import SellerScopedMixin


class ReviewSerializer(serializers.ModelSerializer):
    marketplace = serializers.CharField(source="marketplace.code", read_only=True)
    product_sku = serializers.CharField(source="product.sku", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "product",
            "product_sku",
            "marketplace",
            "external_id",
            "rating",
            "title",
            "body",
            "language",
            "reviewer_name",
            "is_vine",
            "verified_purchase",
            "translations",
            "reviewed_at",
            "imported_at",
        ]


class ReviewImportItemSerializer(serializers.Serializer):
    """One review of an import batch (documented shape; each item is validated by the service).

    The batch is accepted whatever its items hold: an item missing its marketplace, id,
    rating or date is answered `invalid` in the results, beside the good ones, so the
    schema marks no item field as required.
    """

    product = id_field(required=False, help_text=_("Your product's id, or give product_sku."))
    product_sku = serializers.CharField(required=False)
    marketplace = serializers.CharField(
        required=False, help_text=_("Origin marketplace code, e.g. US; an item without it is invalid.")
    )
    external_id = serializers.CharField(max_length=64, required=False)
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False)
    reviewer_name = serializers.CharField(required=False, allow_blank=True)
    is_vine = serializers.BooleanField(required=False)
    verified_purchase = serializers.BooleanField(required=False)
    translations = serializers.DictField(required=False)
    reviewed_at = serializers.DateTimeField(required=False)


class ReviewFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    marketplace = django_filters.CharFilter(field_name="marketplace__code")
    is_vine = django_filters.BooleanFilter()
    rating = django_filters.NumberFilter()

    class Meta:
        model = Review
        fields = ["product", "marketplace", "is_vine", "rating"]


class ImportedCursorPagination(PortalCursorPagination):
    ordering = ("-imported_at", "-id")
    max_page_size = 500


@extend_schema_view(
    list=extend_schema(tags=["reviews"]),
    retrieve=extend_schema(tags=["reviews"]),
)
class ReviewViewSet(
    SellerScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Review.objects.none()
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    pagination_class = ImportedCursorPagination
    required_scopes = {"read": "listings:read", "write": "listings:write"}

    def get_queryset(self):
        return super().get_queryset().select_related("marketplace", "product")

    @extend_schema(
        tags=["reviews"],
        request=inline_serializer(
            "ReviewImportRequest", fields={"reviews": ReviewImportItemSerializer(many=True)}
        ),
        responses={
            200: inline_serializer(
                "ReviewImportResponse",
                fields={
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "invalid": serializers.IntegerField(),
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        description=_(
            "Import up to %(n)d reviews. Good items are stored even when others are invalid; each "
            "item gets a result (`created`, `updated`, `invalid` with per-field errors, "
            "`duplicate_in_batch`). Re-sending a review (same marketplace and external_id) updates it."
        )
        % {"n": MAX_BATCH},
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        body = request.data if isinstance(request.data, dict) else {}
        results = import_reviews(seller=self.seller, items=body.get("reviews"))
        counts = {
            key: sum(1 for r in results if r["status"] == key) for key in ("created", "updated", "invalid")
        }
        return Response({**counts, "results": results})
