"""Inbound to the GWD: the seller's plan of what arrives, and what the warehouse counted."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class InboundShipment(TenantModel):
    """A seller's inbound plan to a GWD hub: lines of products, cartons, an expected date."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PARTIALLY_RECEIVED = "partially_received", _("Partially received")
        RECEIVED = "received", _("Received")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = frozenset({Status.SUBMITTED, Status.PARTIALLY_RECEIVED})

    reference = models.CharField(_("reference"), max_length=64)
    node = models.ForeignKey(
        "inventory.Node",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "gwd"},
        verbose_name=_("destination hub"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    expected_date = models.DateField(_("expected date"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "reference"], name="inboundshipment_unique_reference"),
        ]
        verbose_name = _("inbound shipment")
        verbose_name_plural = _("inbound shipments")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class InboundLine(TenantModel):
    """One product of an inbound plan: expected units, and what the warehouse counted."""

    shipment = models.ForeignKey(InboundShipment, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "listings.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity_expected = models.PositiveIntegerField(_("expected"), validators=[MinValueValidator(1)])
    quantity_received = models.PositiveIntegerField(_("received"), default=0)
    quantity_damaged = models.PositiveIntegerField(_("damaged"), default=0)

    class Meta:
        ordering = ["shipment_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "product"], name="inboundline_unique_product"),
            models.CheckConstraint(
                condition=models.Q(quantity_damaged__lte=models.F("quantity_received")),
                name="inboundline_damaged_within_received",
            ),
        ]
        verbose_name = _("inbound line")
        verbose_name_plural = _("inbound lines")

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.product_id} × {self.quantity_expected}"

    @property
    def quantity_good(self) -> int:
        return self.quantity_received - self.quantity_damaged

    @property
    def quantity_short(self) -> int:
        return max(self.quantity_expected - self.quantity_received, 0)

    @property
    def quantity_over(self) -> int:
        return max(self.quantity_received - self.quantity_expected, 0)

    @property
    def has_discrepancy(self) -> bool:
        return bool(
            self.quantity_received and (self.quantity_short or self.quantity_over or self.quantity_damaged)
        )


class InboundCarton(TenantModel):
    """A group of identical cartons of an inbound plan (how many, their size and weight)."""

    shipment = models.ForeignKey(InboundShipment, on_delete=models.CASCADE, related_name="cartons")
    count = models.PositiveIntegerField(_("cartons"), validators=[MinValueValidator(1)])
    length_mm = models.PositiveIntegerField(_("length (mm)"), validators=[MinValueValidator(1)])
    width_mm = models.PositiveIntegerField(_("width (mm)"), validators=[MinValueValidator(1)])
    height_mm = models.PositiveIntegerField(_("height (mm)"), validators=[MinValueValidator(1)])
    weight_g = models.PositiveIntegerField(_("weight per carton (g)"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["shipment_id", "id"]
        verbose_name = _("inbound carton")
        verbose_name_plural = _("inbound cartons")

    def __str__(self) -> str:
        return f"{self.count} × {self.length_mm}×{self.width_mm}×{self.height_mm} mm"


class InboundReceipt(TenantModel):
    """One count at the warehouse (a partner's call or an operator's form), kept as evidence.

    A plan's booked freight reported delivered by the carrier is recorded as a receipt too
    (source `delivery`, reference `shipment:<id>`), with the shipment's units as counted.
    """

    class Source(models.TextChoices):
        PARTNER = "partner", _("Warehouse partner (API)")
        OPERATOR = "operator", _("Operator (admin)")
        DELIVERY = "delivery", _("Freight delivered (carrier's tracking)")

    shipment = models.ForeignKey(InboundShipment, on_delete=models.CASCADE, related_name="receipts")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reference = models.CharField(_("warehouse reference"), max_length=100, blank=True)
    lines = models.JSONField(_("counted lines"), default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey(
        "portal.APIKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("counted"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbound receipt")
        verbose_name_plural = _("inbound receipts")

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.created_at:%Y-%m-%d %H:%M}"
