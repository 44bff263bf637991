"""What the accused seller sees of a removal: the notice, the takedown register, appeals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Takedown(TenantModel):
    """A removal notice on the accused seller's (`seller`'s) product, and its register entry.

    It holds only what the accused may know: the brand, the rule and the text of its own
    listing, never the owner's identity, evidence files or other cases. While `removed`,
    the product (and any product of this seller with the same GTIN) cannot be listed again.
    """

    class Status(models.TextChoices):
        NOTICE = "notice", _("Removal requested")
        REMOVED = "removed", _("Removed")
        REJECTED = "rejected", _("Request rejected")
        REINSTATED = "reinstated", _("Reinstated on appeal")

    case = models.OneToOneField("brands.BrandCase", on_delete=models.CASCADE, related_name="takedown")
    product = models.ForeignKey("listings.Product", on_delete=models.SET_NULL, null=True, related_name="+")
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True)
    brand_name = models.CharField(_("brand"), max_length=100)
    rule = models.CharField(_("rule"), max_length=20)
    matched_text = models.CharField(_("matched text"), max_length=500, blank=True)
    marketplaces = models.JSONField(_("marketplaces"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOTICE)
    notified_at = models.DateTimeField(_("notified"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    listings_ended = models.PositiveIntegerField(_("offers ended"), default=0)

    class Meta:
        ordering = ["-notified_at", "-id"]
        indexes = [models.Index(fields=["seller", "status"], name="takedown_seller_status")]
        verbose_name = _("takedown")
        verbose_name_plural = _("takedowns")

    def __str__(self) -> str:
        return f"{self.brand_name}: product {self.product_id} ({self.status})"


class Appeal(TenantModel):
    """The accused seller's appeal against a takedown, decided by operators."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under review")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    takedown = models.ForeignKey(Takedown, on_delete=models.CASCADE, related_name="appeals")
    statement = models.TextField(_("statement"))
    evidence = models.FileField(_("evidence"), upload_to="brands/appeals/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"appeal {self.pk} of takedown {self.takedown_id} ({self.status})"
