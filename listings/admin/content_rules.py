"""Admin of the marketplace content rules: operators set length limits and forbidden terms.

A save here takes effect on the next publish (the rules are read again, see
`listings.receivers.content_rules_changed`).
"""

from django.contrib import admin

from listings.models import ForbiddenTerm, MarketplaceContentRule


@admin.register(MarketplaceContentRule)
class MarketplaceContentRuleAdmin(admin.ModelAdmin):
    list_display = [
        "marketplace",
        "title_max_chars",
        "bullet_max_count",
        "bullet_max_chars",
        "description_max_chars",
        "updated_at",
    ]
    list_editable = ["title_max_chars", "bullet_max_count", "bullet_max_chars", "description_max_chars"]
    list_filter = ["marketplace__region", ("description_max_chars", admin.EmptyFieldListFilter)]
    search_fields = ["marketplace__code", "marketplace__name", "source"]
    list_select_related = ["marketplace"]
    readonly_fields = ["updated_at"]


@admin.register(ForbiddenTerm)
class ForbiddenTermAdmin(admin.ModelAdmin):
    list_display = ["term", "marketplace", "whole_word", "is_active", "reason", "updated_at"]
    list_editable = ["whole_word", "is_active"]
    list_filter = ["is_active", "whole_word", ("marketplace", admin.EmptyFieldListFilter), "marketplace"]
    search_fields = ["term", "reason", "source", "marketplace__code"]
    list_select_related = ["marketplace"]
    readonly_fields = ["updated_at"]
