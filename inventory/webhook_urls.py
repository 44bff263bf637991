"""Webhook addresses of the inventory app, included under /webhooks/."""

from django.urls import path

from inventory import webhooks

urlpatterns = [
    path("shopify/<uuid:connection_uuid>/", webhooks.shopify_webhook, name="shopify_webhook"),
]
