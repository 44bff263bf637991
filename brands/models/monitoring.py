"""Suspected infringements found by monitoring, and the platform's monitoring runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Rule(models.TextChoices):
    EXACT = "exact", _("Exact brand name")
    CASE_SPACING = "case_spacing", _("Case or spacing changed")
    CONFUSABLE = "confusable", _("Look-alike characters")
    SWAP = "digit_letter_swap", _("Digits or symbols for letters")
    MISSPELLING = "misspelling", _("Misspelling")
    SOUNDS_ALIKE = "sounds_alike", _("Sounds alike")
    INSIDE_WORD = "inside_word", _("Brand inside a longer word")
    GTIN_PREFIX = "gtin_prefix", _("GTIN under the brand's GS1 company prefix")


class BrandCase(TenantModel):
    """A suspected infringement of the owner's (`seller`'s) brand by another seller's product.

    One case per (brand, product): the product's offers in several marketplaces are one
    case. The evidence is what a shopper sees: the listing's text with the match marked,
    the marketplace and the store name, never the other seller's private data. Confirming
    a case makes it a removal request, decided by operators (or at once for members of
    Project Zero).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        DISMISSED = "dismissed", _("Dismissed")
        REQUESTED = "requested", _("Removal requested")
        REMOVED = "removed", _("Removed")
        REJECTED = "rejected", _("Removal rejected")
        REINSTATED = "reinstated", _("Reinstated on appeal")

    # Decided removal requests, for the accuracy of Project Zero.
    DECIDED = frozenset({Status.REMOVED, Status.REJECTED, Status.REINSTATED})

    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="cases")
    product = models.ForeignKey("listings.Product", on_delete=models.SET_NULL, null=True, related_name="+")
    accused_seller = models.ForeignKey("portal.Seller", on_delete=models.CASCADE, related_name="+")
    store_name = models.CharField(_("store"), max_length=200)
    marketplaces = models.JSONField(_("marketplaces"), default=list)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=3)
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    self_service = models.BooleanField(_("removed by Project Zero"), default=False)
    detected_at = models.DateTimeField(_("detected"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-detected_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["brand", "product"], name="brandcase_unique_product")]
        indexes = [
            models.Index(fields=["seller", "status"], name="brandcase_seller_status"),
            models.Index(fields=["status", "decided_at"], name="brandcase_status_decided"),
        ]
        verbose_name = _("brand case")
        verbose_name_plural = _("brand cases")

    def __str__(self) -> str:
        return f"{self.brand_id}: {self.store_name} ({self.rule})"

    @property
    def marked(self) -> tuple[str, str, str]:
        """The evidence text split around the match: (before, match, after)."""
        text = self.evidence.get("text", "")
        start, end = self.evidence.get("start", 0), self.evidence.get("end", 0)
        return text[:start], text[start:end], text[end:]


class MonitoringRun(models.Model):
    """One platform run of brand monitoring (nightly or on publish): what it read and found."""

    class Scope(models.TextChoices):
        CATALOGUE = "catalogue", _("Whole catalogue")
        LISTINGS = "listings", _("New and changed listings")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    brands = models.PositiveIntegerField(_("brands"), default=0)
    listings_scanned = models.PositiveIntegerField(_("listings scanned"), default=0)
    matches = models.PositiveIntegerField(_("matches"), default=0)
    cases_opened = models.PositiveIntegerField(_("cases opened"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("monitoring run")
        verbose_name_plural = _("monitoring runs")

    def __str__(self) -> str:
        return f"{self.scope} {self.started_at:%Y-%m-%d %H:%M}"
