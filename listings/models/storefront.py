"""A seller's brand store: hero, featured products and brand story, with texts per locale."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class BrandStore(TenantModel):
    """The brand store, written once in the seller's source language."""

    name = models.CharField(_("store name"), max_length=120)
    hero_title = models.CharField(_("hero title"), max_length=150)
    hero_subtitle = models.CharField(_("hero subtitle"), max_length=250, blank=True)
    brand_story = models.TextField(_("brand story"), blank=True)
    featured_products = models.ManyToManyField(
        "listings.Product", blank=True, related_name="+", verbose_name=_("featured products")
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller"], name="brandstore_unique_seller")]
        verbose_name = _("brand store")
        verbose_name_plural = _("brand stores")

    def __str__(self) -> str:
        return self.name


class BrandStoreText(TenantModel):
    """The store's texts in one locale (`ar_SA`) or language (`ar`)."""

    store = models.ForeignKey(BrandStore, on_delete=models.CASCADE, related_name="texts")
    locale = models.CharField(_("locale"), max_length=10)
    hero_title = models.CharField(_("hero title"), max_length=150)
    hero_subtitle = models.CharField(_("hero subtitle"), max_length=250, blank=True)
    brand_story = models.TextField(_("brand story"), blank=True)

    class Meta:
        ordering = ["locale"]
        constraints = [
            models.UniqueConstraint(fields=["store", "locale"], name="brandstoretext_unique_locale")
        ]
        verbose_name = _("brand store text")
        verbose_name_plural = _("brand store texts")

    def __str__(self) -> str:
        return f"{self.store_id} [{self.locale}]"
