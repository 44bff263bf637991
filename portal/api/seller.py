"""`GET /api/v1/seller/`: the seller the API key belongs to, and the key itself."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from portal.api.viewsets import SellerScopedMixin
from portal.models import APIKey, Seller


class CallingKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = APIKey
        fields = ["name", "prefix", "scopes", "created_at", "last_used_at"]


class SellerSerializer(serializers.ModelSerializer):
    api_key = serializers.SerializerMethodField(
        help_text=_("The key this request was made with; null for a signed-in member.")
    )

    class Meta:
        model = Seller
        fields = ["slug", "name", "home_currency", "stage", "created_at", "api_key"]

    @extend_schema_field(CallingKeySerializer(allow_null=True))
    def get_api_key(self, seller):
        key = self.context["request"].auth
        return CallingKeySerializer(key).data if isinstance(key, APIKey) else None


class SellerView(SellerScopedMixin, GenericAPIView):
    """The seller the caller acts for."""

    serializer_class = SellerSerializer
    required_scopes = {"read": "seller:read"}
    pagination_class = None
    filter_backends = []

    @extend_schema(operation_id="seller_retrieve", tags=["seller"])
    def get(self, request):
        return Response(self.get_serializer(self.seller).data)
