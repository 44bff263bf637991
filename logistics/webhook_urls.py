"""Webhook addresses of the logistics app, included under /webhooks/."""

from django.urls import path

from logistics.api.tracking import carrier_webhook

urlpatterns = [
    path("carriers/<slug:carrier_code>/", carrier_webhook, name="carrier_webhook"),
]
