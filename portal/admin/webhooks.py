"""Admin of outgoing webhooks: operators read endpoints and the delivery log (secrets never shown)."""

from django.contrib import admin

from portal.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_ReadOnly):
    list_display = ["url", "seller", "is_active", "failing_since", "created_at"]
    list_filter = ["is_active", "seller"]
    search_fields = ["url", "description"]
    list_select_related = ["seller"]
    exclude = ["secret_encrypted"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_ReadOnly):
    list_display = [
        "message_id",
        "event_type",
        "seller",
        "status",
        "attempt_count",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event_type"]
    search_fields = ["message_id"]
    list_select_related = ["seller"]
    raw_id_fields = ["endpoint"]


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(_ReadOnly):
    list_display = ["delivery", "number", "seller", "status_code", "latency_ms", "succeeded", "started_at"]
    list_filter = ["succeeded", "manual"]
    search_fields = ["delivery__message_id", "error"]
    list_select_related = ["seller", "delivery"]
    raw_id_fields = ["delivery"]
