"""Shopify write-back: a shop's Admin API access token, and the fulfilments sent to the shop.

When an order from a Shopify shop ships from our stock, the shop must learn it (and its
tracking number) so the buyer is told: a `ShopifyFulfilment` is that message, sent through
the shop's Admin API and retried like a webhook until the shop accepts it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.encryption import decrypt
from portal.tenancy import TenantModel


class ShopifyAccess(TenantModel):
    """The Admin API access token of a Shopify connection, Fernet-encrypted (portal.encryption)."""

    connection = models.OneToOneField(
        "inventory.ChannelConnection", on_delete=models.CASCADE, related_name="shopify_access"
    )
    access_token_encrypted = models.TextField()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Shopify access token")
        verbose_name_plural = _("Shopify access tokens")

    def __str__(self) -> str:
        return f"{self.connection_id}: ••••"

    @property
    def access_token(self) -> str:
        return decrypt(self.access_token_encrypted)


class FulfilmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SUCCEEDED = "succeeded", _("Accepted by the shop")
    FAILED = "failed", _("Failed")


class ShopifyFulfilment(TenantModel):
    """One shipment of a Shopify order, to be reported to the shop with its tracking number."""

    Status = FulfilmentStatus

    connection = models.ForeignKey(
        "inventory.ChannelConnection", on_delete=models.CASCADE, related_name="shopify_fulfilments"
    )
    order = models.ForeignKey(
        "inventory.ChannelOrder", on_delete=models.CASCADE, related_name="shopify_fulfilments"
    )
    # Shopify line item id → units shipped in this shipment.
    lines = models.JSONField(_("lines"), default=dict)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    tracking_company = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_url = models.URLField(_("tracking URL"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FulfilmentStatus.choices, default=FulfilmentStatus.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    shopify_fulfillment_id = models.CharField(_("Shopify fulfilment"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    completed_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="shopifyfulfilment_due")]
        verbose_name = _("Shopify fulfilment")
        verbose_name_plural = _("Shopify fulfilments")

    def __str__(self) -> str:
        return f"{self.order_id} {self.tracking_number or '—'} ({self.status})"
