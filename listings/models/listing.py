"""A product's offer in one marketplace, kept in sync with the product."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel

# Fields of a listing a seller may override on one marketplace. A bullet is overridden
# one at a time as "bullet_points.<index>".
OVERRIDABLE_FIELDS = ("title", "description", "price")
BULLET_PREFIX = "bullet_points."


class Listing(TenantModel):
    """One product in one marketplace: localised content, price in the local currency, route.

    `inherited` keeps the values the last sync derived from the product (content per
    locale, price from the pricing rules); `overrides` the seller's per-field values for
    this marketplace only. The effective columns (title, bullet_points, description,
    price) are the inherited values with the overrides laid over them.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        BLOCKED = "blocked", _("Blocked")
        LIVE = "live", _("Live")
        PAUSED = "paused", _("Paused")
        SUPPRESSED = "suppressed", _("Suppressed")
        ENDED = "ended", _("Ended")

    class Route(models.TextChoices):
        LOCAL_FC = "local_fc", _("Local fulfilment centre")
        REMOTE_FC = "remote_fc", _("Remote fulfilment")
        GWD_DIRECT = "gwd_direct", _("Direct from the GWD")

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="listings", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.PROTECT, related_name="+", verbose_name=_("marketplace")
    )
    marketplace_sku = models.CharField(_("marketplace SKU"), max_length=40)
    locale = models.CharField(_("locale"), max_length=10)
    title = models.CharField(_("title"), max_length=500, blank=True)
    bullet_points = models.JSONField(_("bullet points"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    content_origin = models.CharField(_("content origin"), max_length=10, blank=True)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    price_formatted = models.CharField(_("price as shown"), max_length=40, blank=True)
    fx_rate = models.DecimalField(_("FX rate"), max_digits=18, decimal_places=8, null=True, blank=True)
    fx_date = models.DateField(_("FX date"), null=True, blank=True)
    fx_source = models.CharField(_("FX source"), max_length=40, blank=True)
    price_stale = models.BooleanField(_("stale FX rate"), default=False)
    fulfilment_route = models.CharField(_("fulfilment route"), max_length=12, choices=Route.choices)
    fulfilment_from = models.CharField(
        _("fulfilled from"), max_length=10, help_text=_("FC region, or GWD for direct shipping.")
    )
    delivery_days_min = models.PositiveSmallIntegerField(_("delivery days (min)"))
    delivery_days_max = models.PositiveSmallIntegerField(_("delivery days (max)"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    blocked_reasons = models.JSONField(_("blocked reasons"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    inherited = models.JSONField(_("inherited values"), default=dict, blank=True)
    overrides = models.JSONField(_("overrides"), default=dict, blank=True)
    last_changes = models.JSONField(_("last changes"), default=list, blank=True)
    published_at = models.DateTimeField(_("first published"), default=timezone.now)
    synced_at = models.DateTimeField(_("last synced"), default=timezone.now)

    class Meta:
        ordering = ["product_id", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "marketplace"], name="listing_unique_product_marketplace"
            )
        ]
        indexes = [
            models.Index(fields=["seller", "state"], name="listing_seller_state"),
            models.Index(fields=["seller", "marketplace", "state"], name="listing_seller_mkt_state"),
        ]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")

    def __str__(self) -> str:
        return f"{self.marketplace_sku} @ {self.marketplace_id}"

    def is_overridden(self, field: str) -> bool:
        return field in self.overrides

    @property
    def overridden_bullets(self) -> set[int]:
        return {int(key[len(BULLET_PREFIX) :]) for key in self.overrides if key.startswith(BULLET_PREFIX)}
