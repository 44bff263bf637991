"""A URL configuration for the API mechanism tests: small endpoints over real models.

The error handler and the Idempotency-Key mechanism are exercised through endpoints
that behave like the apps' ones (a serializer with nested items, a service that raises
domain errors, a model with validation), so the tests do not depend on any app.
"""

import threading

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from portal.api.idempotency import IdempotentCreateMixin, idempotent
from portal.api.viewsets import SellerCreateListRetrieveViewSet, SellerScopedMixin
from portal.exceptions import Conflict, InvalidInput
from portal.models import JobRun, Marketplace

# The concurrency test holds a request inside the view with this event.
release_slow_batch = threading.Event()
SLOW_BATCH_WAIT_SECONDS = 20


class ItemSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=20)
    quantity = serializers.IntegerField(min_value=1)


class BatchSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = JobRun
        fields = ["id", "kind", "status", "items"]
        read_only_fields = ["id", "status"]

    def validate(self, attrs):
        if attrs.get("kind") == "forbidden":
            raise serializers.ValidationError("This kind of batch cannot be started.")
        return attrs

    def create(self, validated_data):
        items = validated_data.pop("items", [])
        seller = self.context["view"].seller
        return JobRun.objects.for_seller(seller).create(
            seller=seller, params={"items": items}, **validated_data
        )


class BatchViewSet(IdempotentCreateMixin, SellerCreateListRetrieveViewSet):
    """Creates a JobRun per POST; `kind` steers the failures the tests need."""

    queryset = JobRun.objects.none()
    serializer_class = BatchSerializer
    required_scopes = {"read": "jobs:read", "write": "listings:write"}

    def perform_create(self, serializer):
        kind = serializer.validated_data["kind"]
        if kind == "conflict":
            raise Conflict("A batch of this kind is already running.")
        if kind == "invalid-domain":
            raise InvalidInput(fields={"items.0.sku": ["Unknown SKU 'X'. Use a SKU of your catalogue."]})
        if kind == "model-invalid":
            Marketplace(code="xx", name="", currency="ZZZ").full_clean()
        if kind == "crash":
            raise RuntimeError("secret internal detail")
        if kind == "slow":
            release_slow_batch.wait(SLOW_BATCH_WAIT_SECONDS)
        serializer.save()

    @action(detail=False, methods=["post"])
    @idempotent
    def restart(self, request):
        job = JobRun.objects.for_seller(self.seller).create(seller=self.seller, kind="restart")
        return Response({"id": job.pk}, status=201)


class NonFieldView(SellerScopedMixin, APIView):
    required_scopes = {"read": "jobs:read", "write": "listings:write"}

    def get(self, request):
        raise DjangoValidationError("The whole request is wrong.")

    @idempotent
    def post(self, request):
        job = JobRun.objects.for_seller(self.seller).create(seller=self.seller, kind="plain")
        return Response({"id": job.pk}, status=201)


def plain_crash(request):
    """A plain Django view that fails: the 500 handler answers, not DRF."""
    raise RuntimeError("secret internal detail")


router = SimpleRouter()
router.register("batches", BatchViewSet, basename="batch")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/non-field/", NonFieldView.as_view(), name="non-field"),
    path("api/v1/plain-crash/", plain_crash),
    path("plain-crash/", plain_crash),
    path("api/v1/", include("portal.api.urls")),
]

handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
