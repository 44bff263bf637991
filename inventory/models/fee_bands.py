"""The fees behind the pool's flags: low inventory, aged stock, storage over 26 weeks of supply."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import validate_currency


class FeeBand(models.Model):
    """A published fee a fulfilment centre charges when stock falls in a band: reference data.

    - low inventory: per unit shipped while the stock covers fewer than 28 days of sales;
    - aged: per cubic foot per month of units older than 181 days;
    - utilisation: per cubic foot per month of the stock while it covers more than 26 weeks.

    `estimate` says plainly when the figure is not the exact published rate for the seller's
    case (for example the lowest tier of a table that rises with size or age).
    """

    class Band(models.TextChoices):
        LOW_INVENTORY = "low_inventory", _("Low inventory (under 28 days of supply)")
        AGED = "aged", _("Aged stock (older than 181 days)")
        UTILISATION = "utilisation", _("Over 26 weeks of supply")

    class Basis(models.TextChoices):
        PER_UNIT_SOLD = "unit", _("per unit shipped")
        PER_CUBIC_FOOT_MONTH = "cu_ft", _("per cubic foot per month")

    band = models.CharField(_("band"), max_length=20, choices=Band.choices)
    node_kind = models.CharField(_("node kind"), max_length=3, default="fc")
    region = models.CharField(
        _("region"), max_length=10, blank=True, help_text=_("Empty: every region of this node kind.")
    )
    basis = models.CharField(_("basis"), max_length=6, choices=Basis.choices)
    rate = models.DecimalField(
        _("rate"), max_digits=10, decimal_places=4, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("Where the figure is published, quoted."))
    source_url = models.URLField(_("source address"), blank=True)
    estimate = models.BooleanField(
        _("estimate"),
        default=False,
        help_text=_("The figure stands in for a rate that depends on more than we know."),
    )

    class Meta:
        ordering = ["band", "node_kind", "region", "-valid_from"]
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")

    def __str__(self) -> str:
        return f"{self.get_band_display()}: {self.rate} {self.currency} {self.get_basis_display()}"
