"""`/api/v1/webhook-endpoints/` and `/api/v1/webhook-deliveries/`: a seller's outgoing webhooks.

Endpoints receive the events they subscribe to, signed by the Standard Webhooks scheme
(the events and their payloads are under `x-webhooks` in this document). The signing
secret is in the answer to the creation (and to `rotate-secret`) only. Every delivery
and each of its attempts is readable; `redeliver` sends a message again.
Members need the owner or admin role to change anything here.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.idempotency import idempotent
from portal.api.permissions import HasSellerAccess
from portal.api.viewsets import SellerModelViewSet, SellerReadOnlyViewSet
from portal.models import APIKey, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from portal.selectors.webhooks import deliveries_of_seller, endpoints_of_seller
from portal.services import webhooks
from portal.webhook_events import EVENT_NAMES, EVENT_TYPES


class ManagersWrite(HasSellerAccess):
    """Keys need the scope; members need the owner or admin role to change endpoints."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in ("GET", "HEAD", "OPTIONS") or isinstance(request.auth, APIKey):
            return True
        if not request._request.membership.can_manage:
            self.message = _("Only owners and admins manage webhooks.")
            return False
        return True


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_NAMES),
        allow_empty=False,
        help_text=_("Events to receive: %(events)s.") % {"events": ", ".join(EVENT_TYPES)},
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "events",
            "is_active",
            "failing_since",
            "disabled_at",
            "disabled_reason",
            "created_at",
        ]
        read_only_fields = ["id", "failing_since", "disabled_at", "disabled_reason", "created_at"]
        extra_kwargs = {"url": {"help_text": _("https:// in production; a public address only.")}}


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        source="new_secret",
        help_text=_("`whsec_…`: verify our signatures with it. Shown in this answer only."),
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = [
            "number",
            "manual",
            "started_at",
            "status_code",
            "latency_ms",
            "response_excerpt",
            "error",
            "succeeded",
        ]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "message_id",
            "event_type",
            "is_test",
            "status",
            "attempt_count",
            "next_attempt_at",
            "created_at",
            "delivered_at",
        ]


class WebhookDeliveryDetailSerializer(WebhookDeliverySerializer):
    attempts = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta(WebhookDeliverySerializer.Meta):
        fields = [*WebhookDeliverySerializer.Meta.fields, "payload", "attempts"]


class TestEventSerializer(serializers.Serializer):
    event_type = serializers.ChoiceField(
        choices=EVENT_NAMES,
        required=False,
        help_text=_("One of the endpoint's events; its first when left out."),
    )


def _actor(request):
    return None if isinstance(request.auth, APIKey) else request.user


def _key(request):
    return request.auth if isinstance(request.auth, APIKey) else None


@extend_schema_view(
    list=extend_schema(tags=["webhooks"], description=_("The seller's webhook endpoints, newest first.")),
    retrieve=extend_schema(tags=["webhooks"], description=_("One endpoint. Another seller's is a 404.")),
    create=extend_schema(
        tags=["webhooks"],
        request=WebhookEndpointSerializer,
        responses={201: WebhookEndpointWithSecretSerializer},
        description=_(
            "Create an endpoint. The answer carries its signing secret, which is never shown again. "
            "A URL that is not https (in production), carries a user name, or whose host resolves to "
            "a private, loopback or link-local address is refused with the field named."
        ),
    ),
    partial_update=extend_schema(
        tags=["webhooks"],
        description=_("Change the URL, events, description, or switch it on or off (`is_active`)."),
    ),
    destroy=extend_schema(tags=["webhooks"], description=_("Delete the endpoint and its delivery log.")),
)
class WebhookEndpointViewSet(SellerModelViewSet):
    queryset = WebhookEndpoint.objects.none()
    serializer_class = WebhookEndpointSerializer
    permission_classes = [ManagersWrite]
    required_scopes = {"read": "webhooks:read", "write": "webhooks:write"}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return endpoints_of_seller(seller=self.seller)

    @idempotent
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoint, secret = webhooks.create_endpoint(
            seller=self.seller,
            url=data["url"],
            events=data["events"],
            description=data.get("description", ""),
            created_by=_actor(request),
            api_key=_key(request),
        )
        endpoint.new_secret = secret
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        serializer = self.get_serializer(endpoint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoint = webhooks.update_endpoint(
            seller=self.seller,
            endpoint_id=endpoint.pk,
            url=data.get("url"),
            events=data.get("events"),
            description=data.get("description"),
            is_active=data.get("is_active"),
            actor=_actor(request),
            api_key=_key(request),
        )
        return Response(WebhookEndpointSerializer(endpoint).data)

    def destroy(self, request, *args, **kwargs):
        endpoint = self.get_object()
        webhooks.delete_endpoint(
            seller=self.seller, endpoint_id=endpoint.pk, actor=_actor(request), api_key=_key(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        tags=["webhooks"],
        request=TestEventSerializer,
        responses={202: WebhookDeliverySerializer},
        description=_('Send the documented example of one of the endpoint\'s events, marked `"test": true`.'),
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def test(self, request, pk=None):
        endpoint = self.get_object()
        serializer = TestEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        delivery = webhooks.send_test_event(
            seller=self.seller,
            endpoint_id=endpoint.pk,
            event_type=serializer.validated_data.get("event_type", ""),
            actor=_actor(request),
        )
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        tags=["webhooks"],
        responses={200: WebhookDeliverySerializer(many=True)},
        description=_("This endpoint's deliveries, newest first (cursor-paginated)."),
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        queryset = deliveries_of_seller(seller=self.seller).filter(endpoint=endpoint)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(
        tags=["webhooks"],
        request=None,
        responses={200: WebhookEndpointWithSecretSerializer},
        description=_("A new signing secret, shown in this answer only; the old one stops at once."),
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    @idempotent
    def rotate_secret(self, request, pk=None):
        endpoint = self.get_object()
        endpoint, secret = webhooks.rotate_secret(
            seller=self.seller, endpoint_id=endpoint.pk, actor=_actor(request), api_key=_key(request)
        )
        endpoint.new_secret = secret
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data)


class WebhookDeliveryFilter(django_filters.FilterSet):
    endpoint = django_filters.NumberFilter(field_name="endpoint_id")
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices)
    event_type = django_filters.ChoiceFilter(choices=[(name, name) for name in EVENT_NAMES])

    class Meta:
        model = WebhookDelivery
        fields = ["endpoint", "status", "event_type"]


@extend_schema_view(
    list=extend_schema(
        tags=["webhooks"],
        description=_("Deliveries of every endpoint, newest first; filter by endpoint, status, event."),
    ),
    retrieve=extend_schema(
        tags=["webhooks"],
        responses={200: WebhookDeliveryDetailSerializer},
        description=_(
            "One delivery with its payload and every attempt: status, latency, start of the answer."
        ),
    ),
)
class WebhookDeliveryViewSet(SellerReadOnlyViewSet):
    queryset = WebhookDelivery.objects.none()
    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilter
    permission_classes = [ManagersWrite]
    required_scopes = {"read": "webhooks:read", "write": "webhooks:write"}

    def get_queryset(self):
        if self.action == "retrieve":
            return WebhookDelivery.objects.for_seller(self.seller).prefetch_related("attempts")
        return deliveries_of_seller(seller=self.seller)

    def get_serializer_class(self):
        return WebhookDeliveryDetailSerializer if self.action == "retrieve" else WebhookDeliverySerializer

    @extend_schema(
        tags=["webhooks"],
        request=None,
        responses={
            202: WebhookDeliverySerializer,
            409: OpenApiResponse(
                description=_("The endpoint is switched off, or the message is being sent.")
            ),
        },
        description=_("Send the message again now (same `webhook-id`), whatever its state."),
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def redeliver(self, request, pk=None):
        delivery = self.get_object()
        delivery = webhooks.redeliver(
            seller=self.seller, delivery_id=delivery.pk, actor=_actor(request), api_key=_key(request)
        )
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
