"""Stock transfers between nodes: units leaving a GWD hub for a regional AWD or fulfilment centre.

A transfer is made by hand today (`reason` "manual") and by the allocation engine later
("allocation"); either way it is the same object. Dispatching it books the freight (a
logistics shipment with purpose `transfer`) and moves the units in the ledger; the carrier's
"delivered" receives them at the destination.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Transfer(TenantModel):
    """Units of a seller's products moving from one node to another."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        BOOKED = "booked", _("Booked")
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    # Before dispatch: the units are still at the source and the transfer may be cancelled.
    NOT_DISPATCHED = frozenset({Status.DRAFT, Status.BOOKED})

    class Reason(models.TextChoices):
        MANUAL = "manual", _("Made by hand")
        ALLOCATION = "allocation", _("Allocation plan")

    reference = models.CharField(
        _("reference"),
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9._/-]+$", _("Letters, digits and . _ / - only."))],
    )
    from_node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("from node")
    )
    to_node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("to node")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(_("reason"), max_length=40, default=Reason.MANUAL)
    notes = models.TextField(_("notes"), blank=True)
    shipment = models.ForeignKey(
        "logistics.Shipment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freight shipment"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "reference"], name="transfer_unique_reference"),
            models.CheckConstraint(
                condition=~models.Q(from_node=models.F("to_node")), name="transfer_nodes_differ"
            ),
        ]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return self.reference

    @property
    def can_dispatch(self) -> bool:
        return self.status in self.NOT_DISPATCHED

    @property
    def can_cancel(self) -> bool:
        return self.status in self.NOT_DISPATCHED


class TransferLine(TenantModel):
    """One product of a transfer: units sent and units received at the destination."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "listings.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    quantity_received = models.PositiveIntegerField(_("received"), default=0)

    class Meta:
        ordering = ["transfer_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "product"], name="transferline_unique_product"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="transferline_quantity_positive"
            ),
        ]
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.product_id} × {self.quantity}"

    @property
    def quantity_short(self) -> int:
        return max(self.quantity - self.quantity_received, 0)
