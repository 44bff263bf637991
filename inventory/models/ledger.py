"""The stock ledger: a balance per (seller, product, node) and the append-only movements.

Balances change only through `inventory.services.ledger`, which writes the movement and
updates the balance in one transaction. Each movement carries its deltas per field, so the
reconciliation job can prove every balance equals the sums of its movements.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    RESERVATION = "reservation", _("Reservation")
    RELEASE = "release", _("Release")
    SHIPMENT_OUT = "shipment_out", _("Shipment out")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    ADJUSTMENT = "adjustment", _("Adjustment")
    DAMAGE = "damage", _("Damage")
    RETURN = "return", _("Return")
    # Announcements: units on their way to a node change `inbound` / `in_transit` only.
    INBOUND_EXPECTED = "inbound_expected", _("Inbound expected")
    INBOUND_CANCELLED = "inbound_cancelled", _("Inbound cancelled")
    IN_TRANSIT = "in_transit", _("In transit to this node")


class CauseType(models.TextChoices):
    ORDER = "order", _("Order")
    INBOUND = "inbound", _("Inbound shipment")
    TRANSFER = "transfer", _("Transfer")
    USER = "user", _("User")
    PARTNER = "partner", _("Partner")


class StockBalance(TenantModel):
    """Units of one product at one node, by state. `available` = on hand − reserved."""

    product = models.ForeignKey(
        "listings.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="balances", verbose_name=_("node")
    )
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    inbound = models.IntegerField(_("inbound"), default=0)
    in_transit = models.IntegerField(_("in transit"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["product_id", "node_id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "product", "node"], name="stockbalance_unique"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stockbalance_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stockbalance_reserved_not_negative"),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="stockbalance_available_not_negative"
            ),
            models.CheckConstraint(condition=Q(inbound__gte=0), name="stockbalance_inbound_not_negative"),
            models.CheckConstraint(
                condition=Q(in_transit__gte=0), name="stockbalance_in_transit_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["seller", "node"], name="stockbalance_seller_node")]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")

    def __str__(self) -> str:
        return f"{self.product_id}@{self.node_id}: {self.on_hand} on hand, {self.reserved} reserved"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockMovement(TenantModel):
    """One change of a balance, never edited or deleted. Deltas are signed, per field."""

    product = models.ForeignKey(
        "listings.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="movements", verbose_name=_("node")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    on_hand_delta = models.IntegerField(_("on hand change"), default=0)
    reserved_delta = models.IntegerField(_("reserved change"), default=0)
    inbound_delta = models.IntegerField(_("inbound change"), default=0)
    in_transit_delta = models.IntegerField(_("in transit change"), default=0)
    cause_type = models.CharField(_("cause"), max_length=10, choices=CauseType.choices)
    cause_ref = models.CharField(_("cause reference"), max_length=100, blank=True)
    cause_key = models.CharField(
        _("cause key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Makes the movement idempotent: a second change with the same key is not applied."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    effective_at = models.DateTimeField(
        _("effective"),
        default=timezone.now,
        help_text=_(
            "When the change happened at the node: the receiving date of a receipt (which may be "
            "earlier than when it was recorded). Stock ages from this date."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "product", "node", "created_at"], name="movement_seller_product"),
            models.Index(fields=["seller", "kind"], name="movement_seller_kind"),
        ]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity} of {self.product_id}@{self.node_id}"

    def save(self, *args, **kwargs):
        # Append-only: the ledger is evidence; a correction is a new adjustment movement.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Stock movements are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Stock movements are append-only and cannot be deleted.")
