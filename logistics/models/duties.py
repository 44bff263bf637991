"""Import duty rates per HS code and destination: reference data with its source."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DutyRate(models.Model):
    """The ad-valorem duty on goods of an HS code (prefix) entering a destination.

    `destination` is an ISO country code, or "EU" for the EU's common external tariff, which
    applies to every member state. The longest matching `hs_prefix` wins, so a 6-digit row
    is a default that an 8- or 10-digit row refines.
    """

    hs_prefix = models.CharField(
        _("HS code (prefix)"),
        max_length=10,
        validators=[RegexValidator(r"^\d{2,10}$", _("2 to 10 digits, without dots or spaces."))],
    )
    destination = models.CharField(
        _("destination"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("ISO country code in capitals, or EU."))],
    )
    rate = models.DecimalField(
        _("duty rate"),
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text=_("Ad-valorem rate as a fraction of the customs value: 0.039 for 3.9%."),
    )
    additional_rate = models.DecimalField(
        _("additional duty rate"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text=_("Extra duties on top of the general rate (for example US Section 301 on Chinese goods)."),
    )
    origin_country = models.CharField(
        _("origin country"),
        max_length=2,
        blank=True,
        help_text=_("Only for goods of this origin (for additional duties); empty for every origin."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["destination", "hs_prefix", "origin_country"]
        constraints = [
            models.UniqueConstraint(
                fields=["hs_prefix", "destination", "origin_country", "valid_from"], name="dutyrate_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="dutyrate_valid_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["destination", "hs_prefix"], name="dutyrate_lookup")]
        verbose_name = _("duty rate")
        verbose_name_plural = _("duty rates")

    def __str__(self) -> str:
        return f"{self.hs_prefix} → {self.destination}: {self.rate}"
