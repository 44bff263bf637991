"""Storage costs: dated fee schedules per node type, and the daily accruals per seller and node."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import validate_currency
from portal.tenancy import TenantModel


class StorageFeeSchedule(models.Model):
    """A published storage or handling rate: reference data the operators keep current.

    A rate applies to a node kind, a size tier and a season, from `valid_from` until
    `valid_to` (open-ended when empty). Peak is October to December. `charge` says what
    is charged: monthly storage per unit of volume, the monthly aged-inventory surcharge
    per unit of volume for units aged `min_age_days`–`max_age_days`, or a one-off
    handling fee each time stock moves (processing per box, transport per unit of volume).
    Before the first schedule of a kind starts, its cost is unknown, never zero.
    """

    class Charge(models.TextChoices):
        STORAGE = "storage", _("Monthly storage")
        AGED_SURCHARGE = "aged", _("Monthly aged-inventory surcharge")
        PROCESSING = "processing", _("Processing, per box in and per box out")
        TRANSPORT = "transport", _("Transport, per unit of volume moved")

    class SizeTier(models.TextChoices):
        ANY = "any", _("Any size")
        STANDARD = "standard", _("Standard size")
        OVERSIZE = "oversize", _("Oversize")

    class Season(models.TextChoices):
        ALL_YEAR = "all_year", _("All year")
        OFF_PEAK = "off_peak", _("Off-peak (January–September)")
        PEAK = "peak", _("Peak (October–December)")

    class VolumeUnit(models.TextChoices):
        CUBIC_FOOT = "cu_ft", _("cubic foot")
        CUBIC_METRE = "m3", _("cubic metre")
        BOX = "box", _("box")

    name = models.CharField(_("name"), max_length=120)
    charge = models.CharField(_("charge"), max_length=10, choices=Charge.choices, default=Charge.STORAGE)
    min_age_days = models.PositiveIntegerField(_("from age (days)"), null=True, blank=True)
    max_age_days = models.PositiveIntegerField(
        _("to age (days)"), null=True, blank=True, help_text=_("Empty: no upper bound.")
    )
    node_kind = models.CharField(
        _("node kind"),
        max_length=3,
        choices=[
            ("gwd", _("GWD source hub")),
            ("awd", _("AWD bulk storage")),
            ("fc", _("Fulfilment centre")),
        ],
    )
    region = models.CharField(
        _("region"), max_length=10, blank=True, help_text=_("Empty: every region of this node kind.")
    )
    size_tier = models.CharField(
        _("size tier"), max_length=10, choices=SizeTier.choices, default=SizeTier.ANY
    )
    season = models.CharField(_("season"), max_length=10, choices=Season.choices, default=Season.ALL_YEAR)
    rate = models.DecimalField(
        _("rate"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    volume_unit = models.CharField(_("volume unit"), max_length=5, choices=VolumeUnit.choices)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("Where the figure is published, quoted."))
    source_url = models.URLField(_("source address"), blank=True)
    source_date = models.DateField(
        _("source date"), null=True, blank=True, help_text=_("When the source was published or last checked.")
    )
    estimate = models.BooleanField(
        _("estimate"),
        default=False,
        help_text=_("The rate is an estimate, not a published rate card: the comparison says so."),
    )

    class Meta:
        ordering = ["node_kind", "region", "size_tier", "season", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rate__gte=0), name="storagefee_rate_not_negative"),
        ]
        verbose_name = _("storage fee schedule")
        verbose_name_plural = _("storage fee schedules")

    def __str__(self) -> str:
        per = "/month" if self.charge in (self.Charge.STORAGE, self.Charge.AGED_SURCHARGE) else ""
        return f"{self.name}: {self.rate} {self.currency}/{self.volume_unit}{per}"


class StorageAccrual(TenantModel):
    """One day's storage cost of a seller's stock at one node, in the schedule's currency."""

    node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    day = models.DateField(_("day"))
    volume_m3 = models.DecimalField(_("volume (m³)"), max_digits=14, decimal_places=6)
    units = models.PositiveIntegerField(_("units"))
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "node_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "node", "day", "currency"], name="storageaccrual_unique"
            ),
        ]
        verbose_name = _("storage accrual")
        verbose_name_plural = _("storage accruals")

    def __str__(self) -> str:
        return f"{self.day} {self.node_id}: {self.cost} {self.currency}"
