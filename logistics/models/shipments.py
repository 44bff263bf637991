"""A seller's shipments: references, booking, cartons, items, and the tracked state.

The tracked state (`status`, `last_event_at`, `last_location`, `eta`, `delivered_at`,
`last_event_time_seen`) is written by the tracking services as events fold in; the booking
state (`booking_status`) by the shipment services. Every identifier a carrier may quote in
an event (booking number, transport document, container numbers, tracking number) is also
kept in `ShipmentReference`, one indexed row each, so events can be matched to a shipment
with one query whatever reference they carry.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logistics.models.lanes import Lane, country_code_validator
from portal.models import validate_currency
from portal.tenancy import TenantModel


class TrackingStatus(models.TextChoices):
    """The one status model every carrier's events are normalised to (DESIGN.md)."""

    PENDING = "pending", _("Awaiting first event")
    INFO_RECEIVED = "info_received", _("Info received")
    PICKED_UP = "picked_up", _("Picked up")
    DEPARTED_ORIGIN = "departed_origin", _("Departed origin")
    IN_TRANSIT = "in_transit", _("In transit")
    ARRIVED_DESTINATION_PORT = "arrived_destination_port", _("Arrived at destination port")
    CUSTOMS_HOLD = "customs_hold", _("Customs hold")
    CUSTOMS_CLEARED = "customs_cleared", _("Customs cleared")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")
    RETURNED = "returned", _("Returned")
    ATTEMPT_FAILED = "attempt_failed", _("Delivery attempt failed")
    AVAILABLE_FOR_PICKUP = "available_for_pickup", _("Available for pick-up")
    EXPIRED = "expired", _("Tracking expired")
    NOT_FOUND = "not_found", _("Not found by the carrier")
    UNDELIVERED = "undelivered", _("Undelivered")


class BookingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Incoterm(models.TextChoices):
    EXW = "EXW", _("EXW — Ex works")
    FOB = "FOB", _("FOB — Free on board")
    CIF = "CIF", _("CIF — Cost, insurance and freight")
    DAP = "DAP", _("DAP — Delivered at place")
    DDP = "DDP", _("DDP — Delivered duty paid")


class Shipment(TenantModel):
    """Goods moving on one lane: a transfer between nodes, an inbound to the hub, or by hand."""

    class Purpose(models.TextChoices):
        TRANSFER = "transfer", _("Transfer")
        INBOUND = "inbound", _("Inbound")
        MANUAL = "manual", _("Manual")

    reference = models.CharField(
        _("reference"),
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9._/-]+$", _("Letters, digits and . _ / - only."))],
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.MANUAL)
    source_reference = models.CharField(
        _("source reference"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("The plan this shipment carries out, for example transfer:42 or inbound:7."),
    )
    lane = models.ForeignKey(
        Lane,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shipments",
        verbose_name=_("lane"),
    )
    origin_country = models.CharField(_("origin country"), max_length=2, validators=[country_code_validator])
    origin_address = models.TextField(_("shipper"), blank=True, help_text=_("Shipper name and address."))
    destination_country = models.CharField(
        _("destination country"), max_length=2, validators=[country_code_validator]
    )
    destination_code = models.CharField(
        _("destination node"),
        max_length=40,
        blank=True,
        help_text=_("Code of the node that receives the goods."),
    )
    destination_address = models.TextField(
        _("consignee"), blank=True, help_text=_("Consignee name and address.")
    )
    incoterm = models.CharField(_("incoterm"), max_length=3, choices=Incoterm.choices, default=Incoterm.DDP)
    currency = models.CharField(
        _("invoice currency"), max_length=3, default="USD", validators=[validate_currency]
    )
    notes = models.TextField(_("notes"), blank=True)

    booking_status = models.CharField(
        _("booking"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.DRAFT
    )
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    booking_number = models.CharField(_("booking number"), max_length=60, blank=True)
    transport_document_number = models.CharField(
        _("transport document number"),
        max_length=60,
        blank=True,
        help_text=_("Bill of lading or air waybill."),
    )
    container_numbers = models.JSONField(_("container numbers"), default=list, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)

    # Written by the tracking services as events fold in.
    status = models.CharField(
        _("status"), max_length=30, choices=TrackingStatus.choices, default=TrackingStatus.PENDING
    )
    last_event_at = models.DateTimeField(_("last event"), null=True, blank=True)
    last_event_time_seen = models.DateTimeField(
        _("last event received"),
        null=True,
        blank=True,
        help_text=_("When the latest tracking event reached the portal (for the silence check)."),
    )
    last_location = models.CharField(_("last location"), max_length=200, blank=True)
    eta = models.DateTimeField(_("ETA"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "reference"], name="shipment_unique_seller_reference"),
        ]
        indexes = [
            models.Index(fields=["seller", "status"], name="shipment_seller_status"),
            models.Index(fields=["seller", "-created_at"], name="shipment_seller_recent"),
        ]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_delivered(self) -> bool:
        return self.status == TrackingStatus.DELIVERED


class ShipmentCarton(TenantModel):
    """One carton (or pallet) of a shipment: weight in grams, dimensions in millimetres."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="cartons")
    number = models.PositiveIntegerField(_("carton number"))
    weight_g = models.PositiveIntegerField(_("weight (g)"), validators=[MinValueValidator(1)])
    length_mm = models.PositiveIntegerField(_("length (mm)"), validators=[MinValueValidator(1)])
    width_mm = models.PositiveIntegerField(_("width (mm)"), validators=[MinValueValidator(1)])
    height_mm = models.PositiveIntegerField(_("height (mm)"), validators=[MinValueValidator(1)])
    marks = models.CharField(_("marks"), max_length=200, blank=True)

    class Meta:
        ordering = ["shipment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "number"], name="shipmentcarton_unique_number"),
            models.CheckConstraint(
                condition=Q(weight_g__gt=0, length_mm__gt=0, width_mm__gt=0, height_mm__gt=0),
                name="shipmentcarton_positive_measures",
            ),
        ]
        verbose_name = _("carton")
        verbose_name_plural = _("cartons")

    def __str__(self) -> str:
        return f"{self.shipment_id}#{self.number}"

    @property
    def volume_cm3(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm // 1000


class ShipmentItem(TenantModel):
    """Units of one product in a shipment, with what the commercial invoice declares."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "listings.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    carton = models.ForeignKey(
        ShipmentCarton,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("carton"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    description = models.CharField(_("description"), max_length=300, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=2, default="CN")
    unit_value = models.DecimalField(
        _("unit value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["shipment", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="shipmentitem_positive_quantity"),
        ]
        verbose_name = _("shipment item")
        verbose_name_plural = _("shipment items")

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.product_id} × {self.quantity}"


class ShipmentReference(TenantModel):
    """One identifier of a shipment, indexed for matching carrier events to it."""

    class Kind(models.TextChoices):
        BOOKING = "booking", _("Booking number")
        TRANSPORT_DOCUMENT = "transport_document", _("Transport document number")
        CONTAINER = "container", _("Container number")
        TRACKING = "tracking", _("Tracking number")

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=60)

    class Meta:
        ordering = ["shipment", "kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "kind", "value"], name="shipmentreference_unique"),
        ]
        indexes = [models.Index(fields=["seller", "value"], name="shipmentreference_lookup")]
        verbose_name = _("shipment reference")
        verbose_name_plural = _("shipment references")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"
