"""Carrier programs, lanes and rate cards: platform reference data, edited by operators."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import validate_currency

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO 3166 country code in capitals, for example CN.")
)


class Mode(models.TextChoices):
    OCEAN = "ocean", _("Ocean")
    AIR = "air", _("Air")
    EXPRESS = "express", _("Express")
    RAIL = "rail", _("Rail")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class CarrierProgram(models.Model):
    """A freight program: the platform's own (AGL), partner carriers (SEND), or another carrier."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Platform freight service")
        PARTNER = "partner", _("Partner carriers")
        CARRIER = "carrier", _("Other carrier")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9_-]+$", _("Capital letters, digits, '-' and '_' only."))],
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CARRIER)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("carrier program")
        verbose_name_plural = _("carrier programs")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class LaneQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> LaneQuerySet:
        """Active lanes of active programs whose validity covers `day`."""
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            active=True,
            program__is_active=True,
            valid_from__lte=day,
        )


class Lane(models.Model):
    """One way to move goods: program, origin, destination, mode, service level, transit time.

    `destination_code` optionally names the node that receives the goods (an inventory node
    code such as "AWD-US"); it is a plain string because logistics never imports inventory.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    program = models.ForeignKey(
        CarrierProgram, on_delete=models.PROTECT, related_name="lanes", verbose_name=_("program")
    )
    origin_country = models.CharField(_("origin country"), max_length=2, validators=[country_code_validator])
    origin_port = models.CharField(
        _("origin port"), max_length=10, blank=True, help_text=_("UN/LOCODE, for example CNSZX.")
    )
    destination_country = models.CharField(
        _("destination country"), max_length=2, validators=[country_code_validator]
    )
    destination_port = models.CharField(_("destination port"), max_length=10, blank=True)
    destination_code = models.CharField(
        _("destination node"),
        max_length=40,
        blank=True,
        help_text=_("Code of the receiving node, when the lane delivers to one node only."),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    service_level = models.CharField(
        _("service level"), max_length=60, help_text=_("For example: Standard, Express, Economy.")
    )
    transit_days_min = models.PositiveSmallIntegerField(_("transit days (min)"))
    transit_days_max = models.PositiveSmallIntegerField(_("transit days (max)"))
    cutoff_weekday = models.PositiveSmallIntegerField(
        _("cut-off weekday"),
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text=_("The weekday cargo must be handed over by; empty for daily departures."),
    )
    max_silent_days = models.PositiveSmallIntegerField(
        _("silent after (days)"),
        default=5,
        help_text=_("A shipment with no tracking event for longer than this is flagged as silent."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = LaneQuerySet.as_manager()

    class Meta:
        ordering = ["program__code", "origin_country", "destination_country", "mode", "transit_days_min"]
        constraints = [
            models.CheckConstraint(
                condition=Q(transit_days_max__gte=models.F("transit_days_min")),
                name="lane_transit_max_gte_min",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="lane_valid_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["origin_country", "destination_country"], name="lane_route")]
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")

    def __str__(self) -> str:
        return (
            f"{self.program.code} {self.origin_country}→{self.destination_country} "
            f"{self.get_mode_display()} {self.service_level}"
        )

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.active and self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class RateCard(models.Model):
    """The price of a lane for a period.

    Freight is charged on the chargeable weight (the larger of actual weight and volumetric
    weight = L×W×H in cm / `volumetric_divisor`) at `per_kg`, or — for `basis=wm`, the ocean
    rule "weight or measure" — on revenue tons (the larger of cubic metres and tonnes) at
    `per_cbm`. Fuel surcharge is a percentage of freight; the total is at least `min_charge`.
    """

    class Basis(models.TextChoices):
        CHARGEABLE_WEIGHT = "kg", _("Per chargeable kg")
        WEIGHT_OR_MEASURE = "wm", _("Per cubic metre or tonne (W/M)")

    lane = models.ForeignKey(
        Lane, on_delete=models.CASCADE, related_name="rate_cards", verbose_name=_("lane")
    )
    basis = models.CharField(_("basis"), max_length=2, choices=Basis.choices, default=Basis.CHARGEABLE_WEIGHT)
    per_kg = models.DecimalField(
        _("per kg"), max_digits=10, decimal_places=4, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    per_cbm = models.DecimalField(
        _("per cubic metre"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    volumetric_divisor = models.PositiveIntegerField(
        _("volumetric divisor"),
        default=6000,
        validators=[MinValueValidator(1000), MaxValueValidator(1_000_000)],
        help_text=_("cm³ per kg: 5000 for express, 6000 for air, 1000000 when volume is not charged."),
    )
    min_charge = models.DecimalField(
        _("minimum charge"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    fuel_surcharge_pct = models.DecimalField(
        _("fuel surcharge (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[validate_currency])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Where these rates come from."))

    class Meta:
        ordering = ["lane", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ratecard_valid_to_after_from",
            ),
        ]
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")

    def __str__(self) -> str:
        return f"{self.lane} ({self.currency}, from {self.valid_from})"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
