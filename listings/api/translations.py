"""`/api/v1/translations/`: product translations per locale; `POST …/{id}/approve/`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from listings.models import Product, Translation
from listings.services.localisation import approve_translation, save_translation
from portal.api.idempotency import IdempotentCreateMixin, idempotent
from portal.api.viewsets import SellerScopedMixin


class SellerProductField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Product.objects.for_seller(self.context["view"].seller)


class TranslationSerializer(serializers.ModelSerializer):
    product = SellerProductField()
    bullet_points = serializers.ListField(
        child=serializers.CharField(max_length=500), max_length=10, required=False, default=list
    )
    origin = serializers.ChoiceField(choices=Translation.Origin.choices, default=Translation.Origin.HUMAN)

    class Meta:
        model = Translation
        fields = [
            "id",
            "product",
            "locale",
            "title",
            "bullet_points",
            "description",
            "origin",
            "provider",
            "approved",
            "approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["provider", "approved", "approved_at", "created_at", "updated_at"]
        # One translation per (product, locale): the service replaces it, so no unique validator.
        validators = []


class TranslationFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    locale = django_filters.CharFilter()
    origin = django_filters.ChoiceFilter(choices=Translation.Origin.choices)
    approved = django_filters.BooleanFilter()

    class Meta:
        model = Translation
        fields = ["product", "locale", "origin", "approved"]


@extend_schema_view(
    list=extend_schema(tags=["localisation"]),
    retrieve=extend_schema(tags=["localisation"]),
    create=extend_schema(
        tags=["localisation"],
        description=_(
            "Create or replace the translation of a product in a locale (`de_DE`) or language (`de`). "
            "Machine text (origin `machine`) is stored unapproved until approved."
        ),
    ),
    partial_update=extend_schema(tags=["localisation"]),
    update=extend_schema(tags=["localisation"]),
    destroy=extend_schema(tags=["localisation"]),
)
class TranslationViewSet(
    IdempotentCreateMixin,
    SellerScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Translation.objects.none()
    serializer_class = TranslationSerializer
    filterset_class = TranslationFilter
    required_scopes = {"read": "listings:read", "write": "listings:write"}

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer):
        data = {
            **({} if serializer.instance is None else self._current(serializer.instance)),
            **serializer.validated_data,
        }
        serializer.instance = save_translation(
            seller=self.seller,
            product=data["product"],
            locale=data["locale"],
            title=data["title"],
            bullet_points=data.get("bullet_points", []),
            description=data.get("description", ""),
            origin=data.get("origin", Translation.Origin.HUMAN),
            user=self.request.user,
        )

    @staticmethod
    def _current(translation: Translation) -> dict:
        return {
            "product": translation.product,
            "locale": translation.locale,
            "title": translation.title,
            "bullet_points": translation.bullet_points,
            "description": translation.description,
            "origin": translation.origin,
        }

    @extend_schema(
        tags=["localisation"],
        request=None,
        responses={200: TranslationSerializer},
        description=_("A person approves the text: it is published as approved and joins the memory."),
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        translation = approve_translation(
            seller=self.seller, translation=self.get_object(), user=request.user
        )
        return Response(self.get_serializer(translation).data, status=status.HTTP_200_OK)
