"""Demand forecasts and market stages per product × marketplace, kept per run (their history)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Forecast(TenantModel):
    """One series' forecast from one run: the weeks ahead with mean and p10/p50/p90.

    `weeks` holds the arrays of the run as JSON ({"start": "YYYY-MM-DD", "mean": [...],
    "p10": [...], "p50": [...], "p90": [...]}), one row per series and run, written in bulk.
    """

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.PROTECT, related_name="+", verbose_name=_("marketplace")
    )
    run = models.ForeignKey(
        "portal.JobRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("run"),
    )
    made_at = models.DateTimeField(_("made at"))
    first_week = models.DateField(_("first week"))
    method = models.CharField(_("method"), max_length=32)
    cold_start = models.BooleanField(_("new series"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    weeks = models.JSONField(_("weeks"))
    backtest_wape = models.FloatField(_("backtest WAPE"), null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "product_id", "marketplace_id"]
        indexes = [
            models.Index(
                fields=["seller", "product", "marketplace", "-made_at"], name="forecast_series_latest"
            ),
        ]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")

    def __str__(self) -> str:
        return f"{self.product_id}@{self.marketplace_id} from {self.first_week}"


class MarketStage(TenantModel):
    """The stage of a product in a marketplace as decided at one time, with the reason.

    Every decision is kept: the latest row is the current stage, the earlier ones its history.
    """

    class Stage(models.TextChoices):
        TRIAL = "trial", _("trial")
        GROWTH = "growth", _("growth")
        BREAKOUT = "breakout", _("breakout")
        STEADY = "steady", _("steady")
        DECLINE = "decline", _("decline")

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.PROTECT, related_name="+", verbose_name=_("marketplace")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    reason = models.CharField(_("reason"), max_length=300)
    numbers = models.JSONField(_("numbers"), default=dict)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "product_id", "marketplace_id"]
        indexes = [
            models.Index(
                fields=["seller", "product", "marketplace", "-decided_at"], name="stage_series_latest"
            ),
        ]
        verbose_name = _("market stage")
        verbose_name_plural = _("market stages")

    def __str__(self) -> str:
        return f"{self.product_id}@{self.marketplace_id}: {self.stage}"
