"""`/api/v1/brand-cases/`: the owner's suspected infringements; confirm or dismiss them.

The evidence is what a shopper sees of the other seller: its store name, the marketplace
and the listing's text with the match at `evidence.start`…`evidence.end`.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from brands.models import BrandCase
from brands.services import cases
from portal.api.idempotency import idempotent
from portal.api.pagination import IdCursorPagination
from portal.api.viewsets import SellerScopedMixin


class CaseSerializer(serializers.ModelSerializer):
    brand = serializers.CharField(source="brand.name")
    brand_id = serializers.IntegerField()

    class Meta:
        model = BrandCase
        fields = [
            "id",
            "brand",
            "brand_id",
            "store_name",
            "marketplaces",
            "rule",
            "score",
            "evidence",
            "status",
            "self_service",
            "detected_at",
            "last_seen_at",
            "confirmed_at",
            "decided_at",
            "decision_reason",
        ]


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CaseFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=BrandCase.Status.choices)
    brand = django_filters.NumberFilter(field_name="brand_id")
    rule = django_filters.CharFilter()

    class Meta:
        model = BrandCase
        fields = ["status", "brand", "rule"]


class BrandCaseViewSet(SellerScopedMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = IdCursorPagination
    queryset = BrandCase.objects.none()
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    required_scopes = {"read": "brands:read", "write": "brands:write"}

    def get_queryset(self):
        return (
            BrandCase.objects.for_seller(self.seller).select_related("brand").order_by("-detected_at", "-id")
        )

    @extend_schema(request=None, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def confirm(self, request, pk=None):
        """Confirm the infringement: a removal request (removed at once for Project Zero members)."""
        case = cases.confirm_case(seller=self.seller, case=self.get_object(), actor=request.user)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=DismissSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def dismiss(self, request, pk=None):
        """Not an infringement: close the case; the product is not flagged again."""
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = cases.dismiss_case(
            seller=self.seller,
            case=self.get_object(),
            reason=serializer.validated_data["reason"],
            actor=request.user,
        )
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)
