"""Tables of the listings app: the catalogue and its per-marketplace offers."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.validators import validate_country_code, validate_gtin, validate_hs_code
from portal.models import validate_currency
from portal.tenancy import TenantModel


class Product(TenantModel):
    """A product as the seller describes it once, in its source language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    class SourceLanguage(models.TextChoices):
        CHINESE = "zh-hans", _("Simplified Chinese")
        ENGLISH = "en", _("English")

    sku = models.CharField(_("SKU"), max_length=64)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    bullet_points = models.JSONField(_("bullet points"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    source_language = models.CharField(
        _("source language"), max_length=10, choices=SourceLanguage.choices, default=SourceLanguage.ENGLISH
    )
    category = models.CharField(_("category"), max_length=100, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, validators=[validate_gtin])
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True, validators=[validate_hs_code])
    country_of_origin = models.CharField(
        _("country of origin"), max_length=2, default="CN", validators=[validate_country_code]
    )
    unit_cost = models.DecimalField(
        _("unit cost"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit_cost_currency = models.CharField(
        _("unit cost currency"), max_length=3, default="CNY", validators=[validate_currency]
    )
    weight_g = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    length_mm = models.PositiveIntegerField(_("length (mm)"), null=True, blank=True)
    width_mm = models.PositiveIntegerField(_("width (mm)"), null=True, blank=True)
    height_mm = models.PositiveIntegerField(_("height (mm)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["sku"]
        constraints = [models.UniqueConstraint(fields=["seller", "sku"], name="product_unique_seller_sku")]
        indexes = [models.Index(fields=["seller", "status"], name="product_seller_status")]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return f"{self.sku} — {self.title}"

    @property
    def volume_cm3(self) -> int | None:
        if self.length_mm and self.width_mm and self.height_mm:
            return self.length_mm * self.width_mm * self.height_mm // 1000
        return None
