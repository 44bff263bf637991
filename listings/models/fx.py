"""Exchange rates: platform reference data, one row per currency, day and source."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import validate_currency


class FxRate(models.Model):
    """How many units of `currency` one unit of `base_currency` buys on `rate_date`.

    ECB rows are always quoted against EUR. Operators enter the currencies the ECB does
    not publish (EGP) against EUR or USD. AED and SAR are never stored: they follow their
    fixed USD pegs (settings.FX_USD_PEGS) over the USD rate of the day.
    """

    class Source(models.TextChoices):
        ECB = "ecb", _("ECB reference rate")
        OPERATOR = "operator", _("Operator-entered rate")

    class Base(models.TextChoices):
        EUR = "EUR", "EUR"
        USD = "USD", "USD"

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    base_currency = models.CharField(_("base currency"), max_length=3, choices=Base.choices, default=Base.EUR)
    rate = models.DecimalField(
        _("rate"),
        max_digits=20,
        decimal_places=8,
        validators=[MinValueValidator(0)],
        help_text=_("Units of the currency for one unit of the base currency."),
    )
    rate_date = models.DateField(_("rate date"), db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-rate_date", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "rate_date", "source"], name="fxrate_unique_day_source"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="fxrate_rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "-rate_date"], name="fxrate_currency_recent")]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"1 {self.base_currency} = {self.rate} {self.currency} ({self.rate_date}, {self.source})"
