"""A seller's choice to sell a product in a marketplace with text not in its language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class SourceTextApproval(TenantModel):
    """The seller approved the product's source text for this marketplace: no translation needed."""

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.CASCADE, related_name="+", verbose_name=_("marketplace")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "marketplace"], name="sourcetextapproval_unique")
        ]
        verbose_name = _("source text approval")
        verbose_name_plural = _("source text approvals")

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.marketplace_id}"
