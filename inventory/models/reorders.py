"""What it takes to refill the pool from the factory: suppliers' lead times and minimum orders."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Supplier(TenantModel):
    """A factory the seller orders from, with its usual lead time and minimum order."""

    name = models.CharField(_("name"), max_length=200)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("From the order to the goods received at the GWD."),
    )
    minimum_order_units = models.PositiveIntegerField(_("minimum order (units)"), default=1)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["seller", "name"], name="supplier_unique_name")]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class ProductSupply(TenantModel):
    """Where a product comes from; its own lead time or minimum order replace the supplier's."""

    product = models.OneToOneField(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("supplier"),
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    minimum_order_units = models.PositiveIntegerField(_("minimum order (units)"), null=True, blank=True)

    class Meta:
        verbose_name = _("product supply")
        verbose_name_plural = _("product supplies")

    def __str__(self) -> str:
        return f"{self.product_id} ← {self.supplier_id}"
