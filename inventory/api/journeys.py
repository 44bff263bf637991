"""Partner API of journeys: a batch of goods with its legs chained into one timeline and one ETA."""

from __future__ import annotations

from django.http import Http404
from rest_framework import serializers
from rest_framework.response import Response

from inventory.models import Journey
from inventory.selectors.journeys import access_journey, journey_timeline
from portal.api.pagination import CreatedCursorPagination
from portal.api.viewsets import SellerReadOnlyViewSet

INVENTORY_SCOPES = {"read": "inventory:read", "write": "inventory:write"}


class JourneySerializer(serializers.ModelSerializer):
    class Meta:
        model = Journey
        fields = ["id", "reference", "inbound", "transfer", "delivery", "created_at"]


class LegSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["inbound", "transfer", "delivery"])
    label = serializers.CharField()
    reference = serializers.CharField()
    status = serializers.CharField()
    started = serializers.DateField(allow_null=True)
    promised = serializers.DateField(allow_null=True)
    eta = serializers.DateField(allow_null=True)
    arrived = serializers.DateField(allow_null=True)
    late = serializers.BooleanField()
    late_days = serializers.IntegerField()


class JourneyTimelineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="journey.pk")
    reference = serializers.CharField(source="journey.reference")
    eta = serializers.DateField(
        allow_null=True, help_text="When the goods are on the shelf (the last leg's ETA)."
    )
    arrived = serializers.BooleanField()
    late = serializers.BooleanField()
    legs = LegSerializer(many=True)


class JourneyViewSet(SellerReadOnlyViewSet):
    """Journeys: the list, and one journey's timeline (inbound → transfer → delivery) with one ETA."""

    queryset = Journey.objects.none()
    serializer_class = JourneySerializer
    required_scopes = INVENTORY_SCOPES
    pagination_class = CreatedCursorPagination

    def get_queryset(self):
        return Journey.objects.for_seller(self.seller)

    def get_serializer_class(self):
        return JourneyTimelineSerializer if self.action == "retrieve" else JourneySerializer

    def retrieve(self, request, *args, **kwargs):
        try:
            journey = access_journey(seller=self.seller, pk=kwargs["pk"])
        except (Journey.DoesNotExist, ValueError):
            raise Http404 from None
        return Response(JourneyTimelineSerializer(journey_timeline(self.seller, journey)).data)
