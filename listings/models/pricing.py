"""Pricing rules per seller, with per-marketplace overrides, and base prices per product."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import validate_currency
from portal.tenancy import TenantModel

FRACTION = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))]
SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.95"))]
UNIT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


def _fraction(verbose_name, *, default: str, validators, help_text, max_digits: int = 5):
    """A rate or share of a rule, stored with four decimals (0.3000 for 30%)."""
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=4,
        default=Decimal(default),
        validators=validators,
        help_text=help_text,
    )


def _home_money(verbose_name, *, help_text):
    """An amount of a rule in the seller's home currency, zero unless set."""
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=help_text,
    )


class PricingRule(TenantModel):
    """How a seller's prices are derived; `marketplace` empty is the seller's default rule.

    A rule for one marketplace replaces the default rule there entirely. Money amounts of a
    rule (freight per kg, fulfilment fee) are in the seller's home currency.
    """

    class Method(models.TextChoices):
        FX_MARKUP = "fx_markup", _("Base price by exchange rate plus markup")
        TARGET_MARGIN = "target_margin", _("Target margin over landed cost")

    marketplace = models.ForeignKey(
        "portal.Marketplace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marketplace"),
        help_text=_("Empty: the default rule for every marketplace without its own."),
    )

    class CostSource(models.TextChoices):
        LANES = "lanes", _("From the lanes that serve the marketplace")
        RULE = "rule", _("Freight per kg and duty rate of this rule")

    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.TARGET_MARGIN
    )
    cost_source = models.CharField(
        _("freight and duty"),
        max_length=10,
        choices=CostSource.choices,
        default=CostSource.LANES,
        help_text=_(
            "Lanes: the landed cost the lane serving each marketplace gives (rate card, duty table); "
            "the rule's freight per kg and duty rate apply where no lane has been rated. "
            "Rule: always this rule's figures (an override)."
        ),
    )
    markup = _fraction(
        _("markup"),
        max_digits=6,
        default="0.30",
        validators=FRACTION,
        help_text=_("Added to the converted base price, as a fraction: 0.30 for 30%."),
    )
    target_margin = _fraction(
        _("target margin"),
        default="0.25",
        validators=SHARE,
        help_text=_("Profit as a share of the price before VAT: 0.25 for 25%."),
    )
    freight_per_kg = _home_money(
        _("freight per kg"),
        help_text=_(
            "Estimated freight to the marketplace per kilogram, in your home currency; used when the "
            "rule overrides the lanes or no lane has been rated."
        ),
    )
    duty_rate = _fraction(
        _("duty rate"),
        default="0",
        validators=UNIT,
        help_text=_("Import duty on cost plus freight, as a fraction: 0.04 for 4%."),
    )
    referral_fee_rate = _fraction(
        _("referral fee rate"),
        default="0.15",
        validators=SHARE,
        help_text=_("The marketplace's referral fee on the sale price, as a fraction: 0.15 for 15%."),
    )
    fulfilment_fee = _home_money(
        _("fulfilment fee"), help_text=_("Fulfilment fee per unit, in your home currency.")
    )
    charm_pricing = models.BooleanField(
        _("charm endings"), default=False, help_text=_("End prices in .99 (¥…80 in Japan).")
    )
    reprice_threshold = _fraction(
        _("reprice threshold"),
        default="0.01",
        validators=UNIT,
        help_text=_("Exchange-rate moves smaller than this (0.01 for 1%) leave live prices as they are."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["marketplace__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "marketplace"],
                name="pricingrule_unique_marketplace",
                condition=models.Q(marketplace__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["seller"],
                name="pricingrule_unique_default",
                condition=models.Q(marketplace__isnull=True),
            ),
        ]
        verbose_name = _("pricing rule")
        verbose_name_plural = _("pricing rules")

    def __str__(self) -> str:
        where = self.marketplace.code if self.marketplace_id else _("default")
        return f"{where}: {self.get_method_display()}"


class ProductBasePrice(TenantModel):
    """A product's base price in the seller's home currency, for the FX-plus-markup method."""

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    amount = models.DecimalField(
        _("base price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["product__sku"]
        constraints = [models.UniqueConstraint(fields=["product"], name="productbaseprice_unique_product")]
        verbose_name = _("base price")
        verbose_name_plural = _("base prices")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.amount} {self.currency}"
