"""Admin of tracking: events, status mappings, carrier webhooks and connections, notices."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from logistics.models import (
    CarrierConnection,
    CarrierWebhook,
    ShipmentNotice,
    StatusMapping,
    TrackingEvent,
)
from logistics.services.tracking import apply_status_mapping


class MappedFilter(admin.SimpleListFilter):
    """Events whose carrier code no mapping of its vocabulary knows: the codes to map next."""

    title = _("mapping")
    parameter_name = "mapped"

    def lookups(self, request, model_admin):
        return [("no", _("Unmapped code")), ("yes", _("Mapped"))]

    def queryset(self, request, queryset):
        unmapped = {"status": ""}
        if self.value() == "no":
            return queryset.filter(**unmapped).exclude(raw_code="")
        if self.value() == "yes":
            return queryset.exclude(**unmapped)
        return queryset


# Tracking: events, the code mapping operators maintain, webhooks, carrier connections, notices.
@admin.register(TrackingEvent)
class TrackingEventAdmin(admin.ModelAdmin):
    list_display = [
        "event_time",
        "seller",
        "shipment",
        "reference",
        "carrier_code",
        "vocabulary",
        "raw_code",
        "status",
        "source",
    ]
    list_filter = [MappedFilter, "source", "status", "vocabulary", "carrier_code"]
    search_fields = ["reference", "external_id", "raw_code", "shipment__reference"]
    raw_id_fields = ["shipment"]
    date_hierarchy = "event_time"
    list_select_related = ["seller", "shipment"]


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["vocabulary", "raw_code", "status", "description"]
    list_filter = ["vocabulary", "status"]
    search_fields = ["vocabulary", "raw_code", "description"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Events kept unmapped until now take the new status, and their shipments move.
        apply_status_mapping(mapping=obj)


@admin.register(CarrierWebhook)
class CarrierWebhookAdmin(admin.ModelAdmin):
    list_display = ["carrier_code", "seller", "public_id", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active", "carrier_code"]
    search_fields = ["carrier_code", "public_id", "seller__name"]
    readonly_fields = ["public_id", "created_at", "last_used_at"]


@admin.register(CarrierConnection)
class CarrierConnectionAdmin(admin.ModelAdmin):
    list_display = ["carrier_code", "program", "adapter", "base_url", "is_active"]
    list_filter = ["adapter", "is_active"]
    search_fields = ["carrier_code", "base_url"]


@admin.register(ShipmentNotice)
class ShipmentNoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "seller", "shipment", "kind", "message", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "shipment__reference"]
    raw_id_fields = ["shipment", "event"]
    list_select_related = ["seller", "shipment"]
