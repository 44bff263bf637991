"""Translations of products per locale, and each seller's glossary and translation memory."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


def text_digest(text: str) -> str:
    """The key a memory entry is found by: long texts cannot be indexed as they are."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


class Translation(TenantModel):
    """A product's title, bullet points and description in one locale.

    `locale` is a marketplace locale (`de_DE`) or a bare language (`de`) that serves every
    locale of that language without a translation of its own. Machine text stays
    `origin=machine`, `approved=False` until a person approves it.
    """

    class Origin(models.TextChoices):
        MACHINE = "machine", _("Machine")
        HUMAN = "human", _("Human")

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    locale = models.CharField(_("locale"), max_length=10)
    title = models.CharField(_("title"), max_length=500)
    bullet_points = models.JSONField(_("bullet points"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.HUMAN)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    approved = models.BooleanField(_("approved"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["product_id", "locale"]
        constraints = [
            models.UniqueConstraint(fields=["product", "locale"], name="translation_unique_locale")
        ]
        indexes = [models.Index(fields=["seller", "locale"], name="translation_seller_locale")]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.product_id} [{self.locale}] {self.title[:40]}"


class GlossaryTerm(TenantModel):
    """A seller's fixed rendering of a term in one language (brand names, product words)."""

    source_language = models.CharField(_("source language"), max_length=10)
    target_language = models.CharField(_("target language"), max_length=10)
    source_term = models.CharField(_("source term"), max_length=200)
    target_term = models.CharField(_("target term"), max_length=200)

    class Meta:
        ordering = ["target_language", "source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "source_language", "target_language", "source_term"],
                name="glossary_unique_term",
            )
        ]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return f"{self.source_term} → {self.target_term} ({self.target_language})"


class TranslationMemoryEntry(TenantModel):
    """A source text and its approved translation, reused whenever the same text recurs."""

    source_language = models.CharField(_("source language"), max_length=10)
    target_language = models.CharField(_("target language"), max_length=10)
    source_digest = models.CharField(max_length=64, editable=False)
    source_text = models.TextField(_("source text"))
    target_text = models.TextField(_("target text"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["target_language", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "source_language", "target_language", "source_digest"],
                name="memory_unique_source",
            )
        ]
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")

    def __str__(self) -> str:
        return f"{self.source_text[:30]} → {self.target_text[:30]} ({self.target_language})"

    def save(self, *args, **kwargs):
        self.source_digest = text_digest(self.source_text)
        super().save(*args, **kwargs)


class TranslationSettings(TenantModel):
    """Which translation provider a seller uses; an empty URL falls back to the site's settings."""

    class Provider(models.TextChoices):
        BUILTIN = "builtin", _("Built-in (glossary and translation memory, offline)")
        LIBRETRANSLATE = "libretranslate", _("LibreTranslate-compatible server")

    provider = models.CharField(
        _("provider"), max_length=20, choices=Provider.choices, default=Provider.BUILTIN
    )
    server_url = models.URLField(_("server URL"), blank=True)
    api_key = models.CharField(_("API key"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller"], name="translationsettings_unique_seller")]
        verbose_name = _("translation settings")
        verbose_name_plural = _("translation settings")

    def __str__(self) -> str:
        return f"{self.seller_id}: {self.provider}"
