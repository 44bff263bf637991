"""The landed cost of a product in a marketplace, as the lanes that serve it price it.

Written by the logistics app (which rates the lanes, applies the duty table and import VAT)
and read by target-margin pricing, which cannot import logistics: the row is the contract
between the two. Amounts are per unit in the seller's home currency.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


def _per_unit(verbose_name):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=4, default=Decimal("0"))


class LandedCost(TenantModel):
    """Freight, duty and import VAT per unit of a product bound for a marketplace.

    `route` says which way the goods go: to the FC that serves the marketplace, or straight
    from the GWD to the shopper's country when no lane reaches that FC. Each part carries
    its source so the pricing page can say where every number comes from.
    """

    class Route(models.TextChoices):
        FC = "fc", _("GWD → fulfilment centre")
        DIRECT = "direct", _("GWD direct")

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.CASCADE, related_name="+", verbose_name=_("marketplace")
    )
    currency = models.CharField(_("currency"), max_length=3)
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    lane_code = models.CharField(_("lane"), max_length=60)
    lane_label = models.CharField(_("lane name"), max_length=200)
    freight = _per_unit(_("freight per unit"))
    freight_source = models.CharField(_("freight source"), max_length=300, blank=True)
    duty = _per_unit(_("duty per unit"))
    duty_rate = models.DecimalField(_("duty rate"), max_digits=6, decimal_places=4, null=True, blank=True)
    duty_source = models.CharField(_("duty source"), max_length=300, blank=True)
    import_vat = _per_unit(_("import VAT per unit"))
    import_vat_rate = models.DecimalField(_("import VAT rate"), max_digits=5, decimal_places=4, default=0)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ["product_id", "marketplace__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "marketplace"], name="landedcost_unique_product_market"
            )
        ]
        verbose_name = _("landed cost")
        verbose_name_plural = _("landed costs")

    def __str__(self) -> str:
        return f"{self.product_id} → {self.marketplace_id}: {self.freight + self.duty} {self.currency}"
