"""Admin of FX rates, pricing rules, localisation, brand stores and reviews."""

from django.contrib import admin

from listings.models import (
    BrandStore,
    BrandStoreText,
    FxRate,
    GlossaryTerm,
    PricingRule,
    ProductBasePrice,
    Review,
    Translation,
    TranslationMemoryEntry,
    TranslationSettings,
)


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    """Operators enter the rates the ECB does not publish (EGP) here, against EUR or USD."""

    list_display = ["currency", "base_currency", "rate", "rate_date", "source", "entered_by", "created_at"]
    list_filter = ["source", "base_currency", "currency"]
    search_fields = ["currency"]
    date_hierarchy = "rate_date"
    readonly_fields = ["entered_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PricingRule)
class PricingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "seller",
        "marketplace",
        "method",
        "markup",
        "target_margin",
        "charm_pricing",
        "reprice_threshold",
    ]
    list_filter = ["method", "charm_pricing", "marketplace"]
    search_fields = ["seller__name"]
    list_select_related = ["seller", "marketplace"]


@admin.register(ProductBasePrice)
class ProductBasePriceAdmin(admin.ModelAdmin):
    list_display = ["product", "seller", "amount", "currency", "updated_at"]
    list_filter = ["currency"]
    search_fields = ["product__sku", "seller__name"]
    list_select_related = ["product", "seller"]
    raw_id_fields = ["product"]


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["product", "locale", "title", "origin", "provider", "approved", "updated_at"]
    list_filter = ["origin", "approved", "locale"]
    search_fields = ["product__sku", "title", "seller__name"]
    list_select_related = ["product"]
    raw_id_fields = ["product", "approved_by"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["seller", "source_language", "target_language", "source_term", "target_term"]
    list_filter = ["source_language", "target_language"]
    search_fields = ["source_term", "target_term", "seller__name"]


@admin.register(TranslationMemoryEntry)
class TranslationMemoryEntryAdmin(admin.ModelAdmin):
    list_display = [
        "seller",
        "source_language",
        "target_language",
        "source_text",
        "target_text",
        "created_at",
    ]
    list_filter = ["source_language", "target_language"]
    search_fields = ["source_text", "target_text", "seller__name"]


@admin.register(TranslationSettings)
class TranslationSettingsAdmin(admin.ModelAdmin):
    list_display = ["seller", "provider", "server_url"]
    list_filter = ["provider"]
    search_fields = ["seller__name", "server_url"]


class BrandStoreTextInline(admin.TabularInline):
    model = BrandStoreText
    extra = 0
    fields = ["seller", "locale", "hero_title", "hero_subtitle"]


@admin.register(BrandStore)
class BrandStoreAdmin(admin.ModelAdmin):
    list_display = ["name", "seller", "hero_title", "updated_at"]
    list_filter = ["seller", ("updated_at", admin.DateFieldListFilter)]
    search_fields = ["name", "hero_title", "seller__name"]
    list_select_related = ["seller"]
    inlines = [BrandStoreTextInline]
    filter_horizontal = ["featured_products"]


@admin.register(BrandStoreText)
class BrandStoreTextAdmin(admin.ModelAdmin):
    """The store's texts one locale at a time, across every seller's store."""

    list_display = ["store", "seller", "locale", "hero_title"]
    list_filter = ["locale", "seller"]
    search_fields = ["store__name", "hero_title", "hero_subtitle", "seller__name"]
    list_select_related = ["store", "seller"]
    raw_id_fields = ["store"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "product",
        "marketplace",
        "rating",
        "title",
        "is_vine",
        "verified_purchase",
        "reviewed_at",
    ]
    list_filter = ["is_vine", "verified_purchase", "rating", "marketplace"]
    search_fields = ["product__sku", "title", "body", "external_id", "seller__name"]
    list_select_related = ["product", "marketplace"]
    raw_id_fields = ["product"]
    date_hierarchy = "reviewed_at"
