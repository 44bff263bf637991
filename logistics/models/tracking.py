"""Tracking: carrier events, the mapping of carriers' codes to our statuses, webhook secrets,
carrier API connections and the notices a seller gets about a shipment.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logistics.models.lanes import CarrierProgram
from logistics.models.shipments import Shipment, ShipmentReference, TrackingStatus
from portal.tenancy import TenantModel


class EventSource(models.TextChoices):
    API = "api", _("API")
    WEBHOOK = "webhook", _("Carrier webhook")
    DCSA = "dcsa", _("DCSA Track & Trace")
    ADAPTER = "adapter", _("Carrier API poll")


class TrackingEvent(TenantModel):
    """One carrier event, as received; deduplicated per seller by `dedup_key`.

    `shipment` is empty while no shipment of the seller holds any of the event's
    references; the event is kept and attached when one does. `status` is our normalised
    status, empty for events that only inform (an estimate) or whose code has no mapping in
    its `vocabulary` yet: those are kept, listed to operators as unmapped, and get their
    status when an operator maps the code.
    `reference_keys` lists every reference the event names as `|kind:value|…|`, so an
    unmatched event can be found by any of them. `location_code` is the UN/LOCODE of the
    event's place when the carrier gives one (DCSA transport calls): the fold reads an
    arrival at a port other than the lane's destination port as a transhipment.
    """

    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tracking_events",
        verbose_name=_("shipment"),
    )
    reference_type = models.CharField(
        _("reference type"), max_length=20, choices=ShipmentReference.Kind.choices
    )
    reference = models.CharField(_("reference"), max_length=60)
    reference_keys = models.TextField(_("all references"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=EventSource.choices)
    carrier_code = models.CharField(_("carrier"), max_length=20, blank=True)
    external_id = models.CharField(_("carrier's event id"), max_length=100, blank=True)
    dedup_key = models.CharField(max_length=64)
    raw_code = models.CharField(_("carrier's code"), max_length=40, blank=True)
    vocabulary = models.CharField(
        _("vocabulary"),
        max_length=20,
        blank=True,
        help_text=_("The code list the carrier's code was looked up in."),
    )
    status = models.CharField(_("status"), max_length=30, choices=TrackingStatus.choices, blank=True)
    event_time = models.DateTimeField(_("event time"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    location_code = models.CharField(
        _("UN/LOCODE"),
        max_length=10,
        blank=True,
        help_text=_("The port or place of the event as a UN/LOCODE, when the carrier names it."),
    )
    eta = models.DateTimeField(_("ETA"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    payload = models.JSONField(_("as received"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["event_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "dedup_key"], name="trackingevent_unique_dedup_key"),
        ]
        indexes = [
            models.Index(fields=["shipment", "event_time"], name="trackingevent_timeline"),
            models.Index(
                fields=["seller", "reference"],
                name="trackingevent_unmatched",
                condition=Q(shipment__isnull=True),
            ),
        ]
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")

    def __str__(self) -> str:
        return f"{self.reference} {self.raw_code or self.status} @ {self.event_time:%Y-%m-%d %H:%M}"


class StatusMapping(models.Model):
    """An event code of a vocabulary and the status it means (operators edit these in the admin).

    `vocabulary` is the code list the code belongs to, not the carrier that sent it: the
    standards many carriers speak ("DCSA" for DCSA Track & Trace, whose codes are
    `<eventType>.<code>`), the parcel trackers' ("AFTERSHIP" tags and subtags, "17TRACK"
    statuses and sub-statuses), or one carrier's own codes under its code ("SEND").
    """

    vocabulary = models.CharField(
        _("vocabulary"),
        max_length=20,
        help_text=_("The code list: DCSA, AFTERSHIP, 17TRACK, or a carrier's code for its own codes."),
    )
    raw_code = models.CharField(_("carrier's code"), max_length=40)
    status = models.CharField(_("status"), max_length=30, choices=TrackingStatus.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["vocabulary", "raw_code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "raw_code"], name="statusmapping_unique_code"),
        ]
        verbose_name = _("status mapping")
        verbose_name_plural = _("status mappings")

    def __str__(self) -> str:
        return f"{self.vocabulary} {self.raw_code} → {self.status}"


def new_webhook_id() -> str:
    return secrets.token_hex(8)


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class CarrierWebhook(TenantModel):
    """A carrier's webhook into one seller's tracking, signed with a shared secret.

    The carrier posts to /webhooks/carriers/<carrier code>/ with the headers
    `X-Webhook-Id: <public_id>` and `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
    The secret must be kept in clear to check the signature; it is shown to the seller once.
    """

    carrier_code = models.CharField(_("carrier"), max_length=20)
    public_id = models.CharField(_("webhook id"), max_length=32, unique=True, default=new_webhook_id)
    secret = models.CharField(_("secret"), max_length=100, default=new_webhook_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["carrier_code"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "carrier_code"], name="carrierwebhook_unique_carrier"),
        ]
        verbose_name = _("carrier webhook")
        verbose_name_plural = _("carrier webhooks")

    def __str__(self) -> str:
        return f"{self.carrier_code} webhook {self.public_id}"


class CarrierConnection(models.Model):
    """A carrier API the platform polls for the shipments on one program's lanes."""

    class Adapter(models.TextChoices):
        DCSA_TNT_V2 = "dcsa_tnt_v2", _("DCSA Track & Trace 2.x")

    carrier_code = models.CharField(_("carrier"), max_length=20, unique=True)
    program = models.ForeignKey(
        CarrierProgram,
        on_delete=models.CASCADE,
        related_name="carrier_connections",
        verbose_name=_("program"),
        help_text=_("Shipments on this program's lanes are polled through this connection."),
    )
    adapter = models.CharField(
        _("format"), max_length=20, choices=Adapter.choices, default=Adapter.DCSA_TNT_V2
    )
    base_url = models.URLField(_("base URL"))
    api_key = models.CharField(_("API key"), max_length=200, blank=True)
    timeout_seconds = models.PositiveSmallIntegerField(_("time-out (s)"), default=10)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["carrier_code"]
        verbose_name = _("carrier connection")
        verbose_name_plural = _("carrier connections")

    def __str__(self) -> str:
        return f"{self.carrier_code} ({self.get_adapter_display()})"


class ShipmentNotice(TenantModel):
    """Something about a shipment the seller should know: an exception, a customs hold,
    a late or a silent shipment. `key` makes raising the same notice twice a no-op."""

    class Kind(models.TextChoices):
        EXCEPTION = "exception", _("Exception")
        CUSTOMS_HOLD = "customs_hold", _("Customs hold")
        LATE = "late", _("Late")
        SILENT = "silent", _("Silent")

    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="notices", verbose_name=_("shipment")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    message = models.CharField(_("message"), max_length=300)
    event = models.ForeignKey(
        TrackingEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    created_at = models.DateTimeField(_("raised"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "shipment", "key"], name="shipmentnotice_unique_key"),
        ]
        indexes = [models.Index(fields=["seller", "resolved_at", "-created_at"], name="shipmentnotice_open")]
        verbose_name = _("shipment notice")
        verbose_name_plural = _("shipment notices")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.shipment_id}"
