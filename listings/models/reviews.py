"""Customer reviews of a product in the marketplace where they were written."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class Review(TenantModel):
    """One review, imported from its marketplace; shown in every marketplace the product sells in.

    `translations` holds the review's text in other languages: {"de": {"title", "body"}}.
    """

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.PROTECT, related_name="+", verbose_name=_("origin marketplace")
    )
    external_id = models.CharField(_("review ID"), max_length=64)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    reviewer_name = models.CharField(_("reviewer"), max_length=120, blank=True)
    is_vine = models.BooleanField(_("Vine review"), default=False)
    verified_purchase = models.BooleanField(_("verified purchase"), default=False)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"))
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "marketplace", "external_id"], name="review_unique_external_id"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_5"
            ),
        ]
        indexes = [models.Index(fields=["seller", "product"], name="review_seller_product")]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.rating}★ {self.title[:40]}"
