"""Sales history: units sold per product, marketplace and (marketplace-local) day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class SalesDay(TenantModel):
    """Units of one product sold in one marketplace on one day (the marketplace's local date)."""

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.PROTECT, related_name="+", verbose_name=_("marketplace")
    )
    day = models.DateField(_("day"))
    units = models.PositiveIntegerField(_("units"), default=0)

    class Meta:
        ordering = ["-day", "product_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "product", "marketplace", "day"], name="salesday_unique"
            ),
        ]
        indexes = [models.Index(fields=["seller", "day"], name="salesday_seller_day")]
        verbose_name = _("sales day")
        verbose_name_plural = _("sales days")

    def __str__(self) -> str:
        return f"{self.day} {self.product_id}@{self.marketplace_id}: {self.units}"
