"""The marketplaces: reference data shared by every seller."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.countries import country_name
from portal.models.sellers import validate_currency


class Marketplace(models.Model):
    """One of the ~23 marketplaces: reference data shared by every seller."""

    class Region(models.TextChoices):
        NORTH_AMERICA = "NA", _("North America")
        SOUTH_AMERICA = "SA", _("South America")
        EUROPE = "EU", _("Europe")
        MIDDLE_EAST_AFRICA = "MEA", _("Middle East and Africa")
        ASIA_PACIFIC = "APAC", _("Asia-Pacific")

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, the marketplace's country code."))],
    )
    name = models.CharField(_("name"), max_length=100)
    domain = models.CharField(_("domain"), max_length=100, blank=True)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    default_locale = models.CharField(_("default locale"), max_length=10)
    other_locales = models.JSONField(_("other locales"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=4, choices=Region.choices)
    vat_rate = models.DecimalField(
        _("VAT/GST rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Standard rate as a fraction: 0.19 for 19%."),
    )
    prices_include_vat = models.BooleanField(_("prices include VAT"), default=True)
    fc_region = models.CharField(
        _("FC region"),
        max_length=10,
        help_text=_("The fulfilment region that serves this marketplace (US for CA, MX and BR)."),
    )
    remote_fulfilment = models.BooleanField(
        _("remote fulfilment"),
        default=False,
        help_text=_("Served from a neighbouring marketplace's FC, with a longer delivery promise."),
    )
    timezone = models.CharField(_("time zone"), max_length=50, default="UTC")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("marketplace")
        verbose_name_plural = _("marketplaces")

    def __str__(self) -> str:
        return f"{self.code} — {self.local_name}"

    @property
    def local_name(self) -> str:
        """The marketplace's country in the viewer's language (Babel), e.g. 德国 for DE."""
        return country_name(self.code) if self.code else self.name

    @property
    def locales(self) -> list[str]:
        return [self.default_locale, *[loc for loc in self.other_locales if loc != self.default_locale]]
