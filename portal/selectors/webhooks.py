"""Reads of a seller's webhook endpoints and their delivery log."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.models import Seller, WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints_of_seller(*, seller: Seller) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.for_seller(seller).order_by("-created_at", "-id")


def deliveries_of_seller(*, seller: Seller) -> QuerySet[WebhookDelivery]:
    """Newest first; the payload is left out of lists (read one delivery for it)."""
    return WebhookDelivery.objects.for_seller(seller).defer("payload").order_by("-created_at", "-id")


def attempts_of_delivery(*, seller: Seller, delivery: WebhookDelivery) -> QuerySet[WebhookAttempt]:
    return WebhookAttempt.objects.for_seller(seller).filter(delivery=delivery).order_by("number")
