"""A journey: one batch of goods followed from the factory to the shelf, leg by leg."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Journey(TenantModel):
    """The legs one batch of units travels: inbound to the GWD, transfer to an FC, delivery.

    Each leg is optional, but they are chained in that order: a journey has at least one.
    """

    reference = models.CharField(_("reference"), max_length=64)
    inbound = models.ForeignKey(
        "inventory.InboundShipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inbound plan"),
    )
    transfer = models.ForeignKey(
        "inventory.Transfer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transfer"),
    )
    delivery = models.ForeignKey(
        "logistics.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "reference"], name="journey_unique_reference")
        ]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")

    def __str__(self) -> str:
        return self.reference
