"""Webhook addresses of the inventory app, included under /webhooks/."""

from django.urls import path

from inventory.api import shopify

urlpatterns = [
    path("shopify/<uuid:connection_uuid>/", shopify.shopify_webhook, name="shopify_webhook"),
]
