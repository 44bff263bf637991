"""`/api/v1/brands/`: the seller's brand applications and registrations.

POST (multipart: fields and one or more `evidence` files) applies to register a brand;
operators verify it. `POST /api/v1/brands/{id}/authorisations/` authorises a reseller
or agency (by its seller ID) in one marketplace or all.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from brands.models import Brand, BrandAuthorisation, TrademarkOffice
from brands.services import registry
from portal.api.idempotency import idempotent
from portal.api.pagination import IdCursorPagination
from portal.api.viewsets import SellerCreateListRetrieveViewSet


class AuthorisationSerializer(serializers.ModelSerializer):
    seller = serializers.CharField(source="authorised_seller.slug")
    store = serializers.CharField(source="authorised_seller.name")
    marketplace = serializers.CharField(source="marketplace.code", allow_null=True, default=None)

    class Meta:
        model = BrandAuthorisation
        fields = ["id", "seller", "store", "marketplace", "role", "created_at"]


class BrandSerializer(serializers.ModelSerializer):
    authorisations = AuthorisationSerializer(many=True, read_only=True)

    class Meta:
        model = Brand
        fields = [
            "id",
            "name",
            "trademark_number",
            "office",
            "classes",
            "trademark_status",
            "gs1_prefixes",
            "status",
            "rejection_reason",
            "applied_at",
            "decided_at",
            "authorisations",
        ]


class BrandApplicationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    trademark_number = serializers.CharField(max_length=40)
    office = serializers.ChoiceField(choices=TrademarkOffice.choices)
    classes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=45), allow_empty=False
    )
    trademark_status = serializers.ChoiceField(
        choices=Brand.TrademarkStatus.choices, default=Brand.TrademarkStatus.REGISTERED
    )
    gs1_prefixes = serializers.ListField(
        child=serializers.RegexField(r"^[0-9]{6,12}$"), required=False, default=list
    )
    evidence = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class AuthorisationInputSerializer(serializers.Serializer):
    seller = serializers.CharField(max_length=60, help_text="The seller ID (slug) of the reseller or agency.")
    marketplace = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(
        choices=BrandAuthorisation.Role.choices, default=BrandAuthorisation.Role.RESELLER
    )


class BrandFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Brand.Status.choices)

    class Meta:
        model = Brand
        fields = ["status"]


class BrandViewSet(SellerCreateListRetrieveViewSet):
    pagination_class = IdCursorPagination
    queryset = Brand.objects.none()
    serializer_class = BrandSerializer
    required_scopes = {"read": "brands:read", "write": "brands:write"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = BrandFilter

    def get_queryset(self):
        authorisations = BrandAuthorisation.objects.for_seller(self.seller).select_related(
            "authorised_seller", "marketplace"
        )
        return (
            Brand.objects.for_seller(self.seller)
            .prefetch_related(Prefetch("authorisations", queryset=authorisations))
            .order_by("name", "id")
        )

    @extend_schema(request=BrandApplicationSerializer, responses={201: BrandSerializer})
    @idempotent
    def create(self, request, *args, **kwargs):
        """Apply to register a brand (multipart, with `evidence` files). Refused whole on bad input."""
        # Multipart: repeated `classes`, `gs1_prefixes` and `evidence` parts are the lists.
        serializer = BrandApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        brand = registry.apply_for_brand(seller=self.seller, actor=request.user, **serializer.validated_data)
        return Response(
            BrandSerializer(self.get_queryset().get(pk=brand.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=AuthorisationInputSerializer, responses={201: AuthorisationSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def authorisations(self, request, pk=None):
        """Authorise another seller to sell the brand in one marketplace (or every one)."""
        brand = self.get_object()
        serializer = AuthorisationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        authorisation = registry.authorise_seller(
            seller=self.seller,
            brand=brand,
            seller_slug=data["seller"],
            marketplace_code=data["marketplace"],
            role=data["role"],
            actor=request.user,
        )
        return Response(AuthorisationSerializer(authorisation).data, status=status.HTTP_201_CREATED)
