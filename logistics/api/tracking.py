"""Tracking events in: the partner API batch, DCSA Track & Trace events, carrier webhooks.

Every entry point answers per event, by index: `accepted` (with the event id and the
shipment it attached to, if any), `duplicate` (already known: nothing changed) or
`rejected` (with `errors`, field → messages). A batch never fails as a whole because of
one bad event: the good ones are recorded. Only a body that is not a batch at all, or a
batch over the limit, is refused whole (400, nothing recorded).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_filters import rest_framework as filters
from django_scopes import scopes_disabled
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from logistics.adapters.base import RawEvent, ReferenceType
from logistics.engine.dcsa import (
    DcsaFormatError,
    UnsupportedDcsaVersion,
    parse_dcsa_event,
    version_from_header,
)
from logistics.engine.folding import VALID_STATUSES
from logistics.models import CarrierWebhook, EventSource, StatusMapping, TrackingEvent
from logistics.services.tracking import record_tracking_events
from portal.api.boundary import (
    BoundedIsoDateTimeFilter,
    FieldErrors,
    check_storable,
    date_time,
    max_length_of,
    text,
)
from portal.api.idempotency import idempotent
from portal.api.pagination import CreatedCursorPagination
from portal.api.viewsets import SellerScopedMixin
from portal.tenancy import not_tenant_object_view, seller_scope

MAX_BATCH = 1000
# Clocks differ; an event time further ahead than this is a mistake (an estimate belongs in eta).
FUTURE_TOLERANCE = timedelta(days=1)
REFERENCE_TYPES = {
    "booking": ReferenceType.BOOKING,
    "transport_document": ReferenceType.TRANSPORT_DOCUMENT,
    "container": ReferenceType.CONTAINER,
    "tracking": ReferenceType.TRACKING_NUMBER,
    "tracking_number": ReferenceType.TRACKING_NUMBER,
}
# Each text field's limit is its column's (TrackingEvent, StatusMapping).
TEXT_COLUMNS = {
    "reference": (TrackingEvent, "reference"),
    "carrier": (TrackingEvent, "carrier_code"),
    "code": (TrackingEvent, "raw_code"),
    "vocabulary": (StatusMapping, "vocabulary"),
    "location": (TrackingEvent, "location"),
    "event_id": (TrackingEvent, "external_id"),
    "description": (TrackingEvent, "description"),
}


def text_limit(name: str) -> int:
    model, column = TEXT_COLUMNS[name]
    return max_length_of(model, column)


def dcsa_limits() -> dict[str, int]:
    """The lengths DCSA fields are kept in, read from the columns."""
    return {
        "reference": max_length_of(TrackingEvent, "reference"),
        "external_id": max_length_of(TrackingEvent, "external_id"),
        "location": max_length_of(TrackingEvent, "location"),
        "description": max_length_of(TrackingEvent, "description"),
    }


class TrackingEventInSerializer(serializers.Serializer):
    """One event of a batch (documentation of the format; `parse_event` reads it)."""

    reference_type = serializers.ChoiceField(choices=sorted(REFERENCE_TYPES))
    reference = serializers.CharField(max_length=60)
    carrier = serializers.CharField(max_length=20, help_text="The carrier's code, e.g. MAEU, SEND.")
    code = serializers.CharField(
        max_length=40,
        required=False,
        help_text="The carrier's event code, mapped to a status in its vocabulary.",
    )
    vocabulary = serializers.CharField(
        max_length=20,
        required=False,
        help_text=(
            "The code list `code` belongs to: DCSA, AFTERSHIP (tags and subtags), 17TRACK, or a "
            "carrier's code for its own codes. Without it the carrier's own codes are tried, then DCSA."
        ),
    )
    status = serializers.ChoiceField(
        choices=sorted(VALID_STATUSES), required=False, help_text="Our status, when the sender knows it."
    )
    event_time = serializers.DateTimeField(help_text="ISO 8601 with UTC offset.")
    location = serializers.CharField(max_length=200, required=False)
    eta = serializers.DateTimeField(required=False)
    event_id = serializers.CharField(max_length=100, required=False, help_text="The carrier's event id.")
    description = serializers.CharField(max_length=300, required=False)


class BatchInSerializer(serializers.Serializer):
    events = TrackingEventInSerializer(many=True)


class EventResultSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    result = serializers.ChoiceField(choices=["accepted", "duplicate", "rejected"])
    id = serializers.IntegerField(required=False, allow_null=True)
    shipment_id = serializers.IntegerField(required=False, allow_null=True)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    status = serializers.CharField(
        required=False, help_text='The status the event was mapped to; "" when its code is not mapped yet.'
    )


class BatchOutSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = serializers.IntegerField()
    results = EventResultSerializer(many=True)


def parse_event(item: Any, *, carrier: str = "", now=None) -> RawEvent | dict[str, list[str]]:
    """One event of the API (or webhook) format as a RawEvent, or all its errors by field."""
    if not isinstance(item, dict):
        return {"non_field_errors": [_("Each event must be a JSON object.")]}
    errors = FieldErrors()
    check_storable(item, field="", errors=errors)
    if errors:
        return dict(errors)

    def field(name: str, *, required: bool = False) -> str:
        return text(item.get(name), field=name, errors=errors, max_length=text_limit(name), required=required)

    kind = (
        REFERENCE_TYPES.get(item.get("reference_type"))
        if isinstance(item.get("reference_type"), str)
        else None
    )
    if kind is None:
        errors.add(
            "reference_type", _("One of: %(allowed)s.") % {"allowed": ", ".join(sorted(REFERENCE_TYPES))}
        )
    reference = field("reference", required=True)
    carrier_code = carrier or field("carrier", required=True)
    code = field("code")
    vocabulary = field("vocabulary").upper()
    status_value = item.get("status") or ""
    if status_value and (not isinstance(status_value, str) or status_value not in VALID_STATUSES):
        errors.add("status", _("One of: %(allowed)s.") % {"allowed": ", ".join(sorted(VALID_STATUSES))})
        status_value = ""
    if not code and not status_value and "status" not in errors and "code" not in errors:
        errors.add("code", _("Give the carrier's 'code' or our 'status' (or both)."))
    event_time = date_time(item.get("event_time"), field="event_time", errors=errors, required=True)
    eta = date_time(item.get("eta"), field="eta", errors=errors)
    location = field("location")
    external_id = field("event_id")
    description = field("description")
    if event_time is not None and event_time > (now or timezone.now()) + FUTURE_TOLERANCE:
        errors.add("event_time", _("An event cannot happen in the future; send an estimate as 'eta'."))
    if errors:
        return dict(errors)
    return RawEvent(
        carrier_code=carrier_code.upper(),
        raw_code=code,
        code_list=vocabulary,
        event_time=event_time,
        references=((kind, reference),),
        external_id=external_id,
        status=status_value,
        location=location,
        eta=eta,
        description=description,
        payload=item,
    )


def parse_dcsa(item: Any, *, carrier: str = "", version: str = "") -> RawEvent | dict[str, list[str]]:
    try:
        return parse_dcsa_event(
            item, carrier_code=carrier.upper() or "DCSA", version=version, limits=dcsa_limits()
        )
    except DcsaFormatError as exc:
        return exc.errors


def dcsa_version(request) -> str:
    """The DCSA version named by the `API-Version` header ("" to read it from each event);
    raises 400 for a version other than 2.x and 3.0."""
    try:
        return version_from_header(str(request.headers.get("API-Version", ""))[:40])
    except UnsupportedDcsaVersion as exc:
        raise ValidationError({"API-Version": [str(exc)]}) from exc


def batch_items(body: Any, *, allow_list: bool = False) -> list:
    """The events of a body `{"events": [...]}` (or a bare list where allowed); raises 400."""
    if allow_list and isinstance(body, list):
        items = body
    elif isinstance(body, dict) and isinstance(body.get("events"), list):
        items = body["events"]
    else:
        raise ValidationError({"events": [_('The body must be {"events": [ ... ]}, a list of events.')]})
    if not items:
        raise ValidationError({"events": [_("The batch is empty.")]})
    if len(items) > MAX_BATCH:
        raise ValidationError(
            {
                "events": [
                    _("At most %(max)d events per batch; this one has %(n)d. Split it.")
                    % {"max": MAX_BATCH, "n": len(items)}
                ]
            }
        )
    return items


class TrackingEventOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackingEvent
        fields = [
            "id",
            "shipment",
            "reference_type",
            "reference",
            "source",
            "carrier_code",
            "external_id",
            "raw_code",
            "status",
            "event_time",
            "location",
            "eta",
            "description",
            "received_at",
        ]


class TrackingEventFilter(filters.FilterSet):
    # Declared one by one: django-filter must not resolve fields through the tenant manager,
    # which fails closed outside a seller's scope.
    shipment = filters.NumberFilter(field_name="shipment_id")
    unmatched = filters.BooleanFilter(field_name="shipment", lookup_expr="isnull")
    reference = filters.CharFilter(field_name="reference")
    reference_type = filters.CharFilter(field_name="reference_type")
    status = filters.CharFilter(field_name="status")
    source = filters.CharFilter(field_name="source")
    carrier_code = filters.CharFilter(field_name="carrier_code")
    event_time_after = BoundedIsoDateTimeFilter(field_name="event_time", lookup_expr="gte")

    class Meta:
        model = TrackingEvent
        fields: list[str] = []


class TrackingEventViewSet(SellerScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Tracking events: post batches of up to 1,000; list what was received."""

    queryset = TrackingEvent.objects.none()
    serializer_class = TrackingEventOutSerializer
    pagination_class = type(
        "ReceivedCursor", (CreatedCursorPagination,), {"ordering": ("-received_at", "-id")}
    )
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = TrackingEventFilter
    required_scopes = {"read": "logistics:read", "write": "tracking:write"}

    def get_queryset(self):
        return TrackingEvent.objects.for_seller(self.seller).all()

    @extend_schema(
        request=BatchInSerializer,
        responses={200: BatchOutSerializer},
        description=(
            "Post up to 1,000 events. Each is answered by its index: accepted (with the status its "
            'code mapped to, "" when the code is not mapped yet: the event is kept and mapped later), '
            "duplicate (already known; nothing changes) or rejected with every error of the event "
            "by field. Good events are recorded even when others in the batch are rejected. "
            "Honours Idempotency-Key."
        ),
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        items = batch_items(request.data)
        events = [parse_event(item) for item in items]
        outcome = record_tracking_events(seller=self.seller, events=events, source=EventSource.API)
        return Response(outcome.as_dict(), status=status.HTTP_200_OK)


class DcsaEventsView(SellerScopedMixin, generics.GenericAPIView):
    """DCSA Track & Trace 2.2 and 3.0 events posted by a carrier or a visibility platform."""

    serializer_class = BatchOutSerializer
    required_scopes = {"read": "logistics:read", "write": "tracking:write"}

    @extend_schema(
        request=inline_serializer(
            "DcsaEvents", {"events": serializers.ListField(child=serializers.DictField())}
        ),
        responses={200: BatchOutSerializer},
        parameters=[
            OpenApiParameter("carrier", str, description="The carrier's code (SCAC), e.g. MAEU."),
            OpenApiParameter(
                "API-Version",
                str,
                location=OpenApiParameter.HEADER,
                description="The DCSA version of the events, 2.x or 3.x; without it read from each event.",
            ),
        ],
        description=(
            "DCSA Track & Trace 2.2 and 3.0 shipment, transport and equipment events: a JSON list "
            '(as GET /v2/events or /v3/events answers) or {"events": [...]}, up to 1,000. Answered '
            "per event, with every error of an event by field path. Honours Idempotency-Key."
        ),
    )
    @idempotent
    def post(self, request, *args, **kwargs):
        items = batch_items(request.data, allow_list=True)
        version = dcsa_version(request)
        errors = FieldErrors()
        carrier = text(
            request.query_params.get("carrier", ""),
            field="carrier",
            errors=errors,
            max_length=text_limit("carrier"),
        )
        if errors:
            raise ValidationError(dict(errors))
        events = [parse_dcsa(item, carrier=carrier, version=version) for item in items]
        outcome = record_tracking_events(seller=self.seller, events=events, source=EventSource.DCSA)
        return Response(outcome.as_dict(), status=status.HTTP_200_OK)


def _error(status_code: int, code: str, detail: str, fields: dict | None = None) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail, "fields": fields or {}}, status=status_code)


def signature_of(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@csrf_exempt
@require_POST
@not_tenant_object_view("the carrier code names a carrier; the signed webhook id names the seller")
def carrier_webhook(request, carrier_code: str):
    """A carrier's events for one seller, signed with the webhook's shared secret.

    Headers: `X-Webhook-Id` (the webhook's public id) and `X-Signature: sha256=<hex>` (or
    DCSA's `Notification-Signature`), the HMAC-SHA256 of the raw body with the secret.
    Body: `{"events": [...]}` in the API's format with the carrier's codes, or a DCSA list
    (2.2 or 3.0; `API-Version` names it, else each event's shape does).
    A missing or wrong signature answers 401 and records nothing.
    """
    webhook_id = request.headers.get("X-Webhook-Id", "")
    signature = request.headers.get("X-Signature") or request.headers.get("Notification-Signature", "")
    with scopes_disabled():
        # The webhook id names the seller, the way an API key does; the signature proves it.
        webhook = (
            CarrierWebhook.objects.select_related("seller")
            .filter(public_id=webhook_id, carrier_code__iexact=carrier_code, is_active=True)
            .first()
        )
    body = request.body
    expected = signature_of(webhook.secret if webhook else "no-webhook", body)
    if (
        webhook is None
        or not hmac.compare_digest(expected, signature.strip())
        or not webhook.seller.is_active
    ):
        return _error(401, "bad_signature", _("The webhook id or the signature does not match."))
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return _error(400, "invalid", _("The body is not JSON."), {"events": [_("Not JSON.")]})
    try:
        items = batch_items(data, allow_list=True)
        version = dcsa_version(request)
    except ValidationError as exc:
        return _error(400, "invalid", _("Some fields are not valid."), exc.detail)
    carrier = webhook.carrier_code
    if isinstance(data, list):
        events = [parse_dcsa(item, carrier=carrier, version=version) for item in items]
    else:
        events = [parse_event(item, carrier=carrier) for item in items]
    with seller_scope(webhook.seller):
        outcome = record_tracking_events(seller=webhook.seller, events=events, source=EventSource.WEBHOOK)
        CarrierWebhook.objects.for_seller(webhook.seller).filter(pk=webhook.pk).update(
            last_used_at=timezone.now()
        )
    return JsonResponse(outcome.as_dict(), status=200)
