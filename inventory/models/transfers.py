"""Stock transfers between nodes: units leaving a GWD hub for a regional AWD or fulfilment centre.

A transfer is made by hand today (`reason` "manual") and by the allocation engine later
("allocation"); either way it is the same object.

Lifecycle (the status follows where the units are in the ledger, not the freight's paperwork):

- **draft**: nothing has moved; the units are still available at the source. It may be
  dispatched or cancelled.
- **in_transit**: dispatched. The freight shipment (logistics, purpose `transfer`) was
  created and, in the same transaction, the units left the source (`transfer_out`) and are
  counted in transit at the destination. When the freight is booked with the carrier
  (logistics' `shipment_booked`), `booked_at` is recorded; the status stays in transit,
  because the units already are.
- **received**: the freight was delivered (`shipment_delivered`); the units it carried are on
  hand at the destination and the lines' `quantity_received` say how many. A transfer
  received short may then be **closed** (`closed_at`, `close_reason`): the units still
  counted in transit are written off as lost (`quantity_lost` per line), so the destination's
  in-transit count holds only what is really on the way. The status stays received.
- **cancelled**: before dispatch by the seller, or after dispatch when its freight shipment
  is cancelled before it moves (logistics' `shipment_cancelled`): the units go back on hand
  at the source, off the destination's in-transit count, once.
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
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    # Before dispatch: the units are still at the source and the transfer may be cancelled.
    NOT_DISPATCHED = frozenset({Status.DRAFT})

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
    booked_at = models.DateTimeField(_("freight booked"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed short"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)

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

    @property
    def can_close(self) -> bool:
        """Received short and not closed yet: the missing units may be written off as lost.

        Reads the lines: on a list of transfers, prefetch them.
        """
        return (
            self.status == self.Status.RECEIVED
            and self.closed_at is None
            and any(line.quantity_short for line in self.lines.all())
        )


class TransferLine(TenantModel):
    """One product of a transfer: units sent and units received at the destination."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "listings.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    quantity_received = models.PositiveIntegerField(_("received"), default=0)
    quantity_lost = models.PositiveIntegerField(_("lost in transit"), default=0)

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
        """Units sent but neither received nor written off as lost."""
        return max(self.quantity - self.quantity_received - self.quantity_lost, 0)
