"""Shopify webhooks: verify a delivery, recognise a repeat, turn its order into a channel order.

Shopify's documented rule (shopify.dev, "Verify webhook deliveries"): the
`X-Shopify-Hmac-Sha256` header is the base64 HMAC-SHA256 of the raw request body, keyed
with the shop's webhook secret; it is compared in constant time before anything in the
body is trusted. Each delivery carries `X-Shopify-Webhook-Id`, the same on every retry of
that delivery; it is stored (unique per connection) so a repeat changes nothing.

Topics handled: `orders/create` and `orders/cancelled`, whose bodies are Shopify's order
resource (`id`, `name`, `created_at`, `currency`, `shipping_address.country_code`,
`line_items[].sku/quantity/price/title/id`, `cancelled_at`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from inventory.models import ChannelConnection, ChannelOrder, ShopifyWebhookDelivery
from inventory.models.orders import Channel
from inventory.services.orders import OrderInput, OrderLineInput, cancel_order, receive_channel_order
from portal.exceptions import Conflict, InvalidInput
from portal.tenancy import seller_scope

TOPIC_ORDERS_CREATE = "orders/create"
TOPIC_ORDERS_CANCELLED = "orders/cancelled"
TOPICS = (TOPIC_ORDERS_CREATE, TOPIC_ORDERS_CANCELLED)


class WebhookRejected(Exception):
    """The delivery is not accepted; `status` is the HTTP answer (401 unverified, 404 unknown)."""

    def __init__(self, status: int, reason: str):
        self.status = status
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class WebhookOutcome:
    status: int
    detail: str
    order_id: int | None = None
    duplicate: bool = False


def sign(secret: str, body: bytes) -> str:
    """The `X-Shopify-Hmac-Sha256` value Shopify sends for `body` (what a shop would compute)."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_is_valid(secret: str, body: bytes, header: str | None) -> bool:
    """True only when `header` is the base64 HMAC-SHA256 of the raw body with the secret."""
    if not secret or not header:
        return False
    return hmac.compare_digest(sign(secret, body).encode("ascii"), header.strip().encode("ascii", "replace"))


def connection_for_webhook(connection_uuid: str) -> ChannelConnection | None:
    """The active Shopify connection whose webhook URL was called, or None.

    A webhook comes with no session and no API key: the connection's unguessable UUID in
    the URL names the seller, and the signature proves the sender. This single lookup by
    that key reads across sellers; everything after it runs in that seller's scope.
    """
    try:
        key = uuid.UUID(str(connection_uuid))
    except ValueError:
        return None
    return (
        ChannelConnection.objects.with_scopes_disabled()
        .select_related("seller")
        .filter(uuid=key, channel=Channel.SHOPIFY, is_active=True)
        .first()
    )


def order_input_from_payload(payload: dict) -> OrderInput:
    """Our order from Shopify's order resource. Raises InvalidInput naming a missing field."""
    errors: dict[str, list[str]] = {}
    order_id = payload.get("id")
    if order_id in (None, ""):
        errors["id"] = ["The Shopify order has no id."]
    address = payload.get("shipping_address") or {}
    country = str(address.get("country_code") or "").upper()
    if len(country) != 2:
        errors["shipping_address.country_code"] = ["The order has no two-letter ship-to country code."]
    lines = []
    for index, item in enumerate(payload.get("line_items") or []):
        try:
            quantity = int(item.get("quantity"))
        except (TypeError, ValueError):
            quantity = 0
        if quantity < 1:
            errors[f"line_items.{index}.quantity"] = ["Each line item needs a quantity of at least 1."]
        if item.get("requires_shipping") is False:
            continue  # gift cards, digital goods: nothing to ship from stock
        try:
            price = Decimal(str(item["price"])) if item.get("price") not in (None, "") else None
        except InvalidOperation:
            price = None
        lines.append(
            OrderLineInput(
                sku=str(item.get("sku") or "").strip(),
                quantity=quantity,
                title=str(item.get("name") or item.get("title") or ""),
                unit_price=price,
                external_line_id=str(item.get("id") or ""),
            )
        )
    if not payload.get("line_items"):
        errors["line_items"] = ["The order has no line items."]
    if errors:
        raise InvalidInput("The Shopify order could not be read.", fields=errors)
    placed_at = parse_datetime(str(payload.get("created_at") or "")) if payload.get("created_at") else None
    return OrderInput(
        external_id=str(order_id),
        reference=str(payload.get("name") or ""),
        ship_to_country=country,
        currency=str(payload.get("currency") or ""),
        placed_at=placed_at,
        lines=lines,
    )


def receive_webhook(
    *, connection_uuid: str, topic: str, webhook_id: str, hmac_header: str | None, body: bytes
) -> WebhookOutcome:
    """Verify and apply one delivery. Raises WebhookRejected for an unknown connection (404)
    or a bad or missing signature (401): then nothing is stored and nothing changes.

    A verified repeat (same `X-Shopify-Webhook-Id`) answers 200 and changes nothing. A body
    that cannot be read answers 400 (Shopify shows it in the delivery log) and is not stored.
    """
    connection = connection_for_webhook(connection_uuid)
    if connection is None:
        raise WebhookRejected(404, "No Shopify connection has this webhook address.")
    if not signature_is_valid(connection.webhook_secret, body, hmac_header):
        raise WebhookRejected(401, "The X-Shopify-Hmac-Sha256 signature does not match.")
    if not webhook_id:
        return WebhookOutcome(400, "The X-Shopify-Webhook-Id header is missing.")
    seller = connection.seller
    with seller_scope(seller):
        deliveries = ShopifyWebhookDelivery.objects.for_seller(seller)
        if deliveries.filter(connection=connection, webhook_id=webhook_id).exists():
            return WebhookOutcome(200, "Already received.", duplicate=True)
        if topic not in TOPICS:
            return WebhookOutcome(200, f"Topic {topic!r} is not used; accepted and ignored.")
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return WebhookOutcome(400, "The body is not JSON.")
        if not isinstance(payload, dict):
            return WebhookOutcome(400, "The body is not a Shopify order.")
        try:
            with transaction.atomic():
                outcome = _apply(connection=connection, topic=topic, payload=payload)
                ShopifyWebhookDelivery.objects.create(
                    seller=seller,
                    connection=connection,
                    webhook_id=webhook_id[:100],
                    topic=topic,
                    order_id=outcome.order_id,
                    outcome=outcome.detail[:200],
                )
        except InvalidInput as exc:
            fields = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.fields.items())
            return WebhookOutcome(400, f"{exc.detail} {fields}".strip())
        except IntegrityError:
            # The same delivery is being applied by a concurrent request; that one wins.
            return WebhookOutcome(200, "Already received.", duplicate=True)
    return outcome


def _apply(*, connection: ChannelConnection, topic: str, payload: dict) -> WebhookOutcome:
    seller = connection.seller
    data = order_input_from_payload(payload)
    if topic == TOPIC_ORDERS_CREATE:
        order, created = receive_channel_order(seller=seller, connection=connection, data=data)
        detail = f"Order {order} {'created' if created else 'already known'}: {order.status}."
        return WebhookOutcome(200, detail, order_id=order.pk)
    order = (
        ChannelOrder.objects.for_seller(seller)
        .filter(connection=connection, external_id=data.external_id)
        .first()
    )
    if order is None:
        return WebhookOutcome(200, f"Order {data.external_id} is not known here; nothing to cancel.")
    try:
        order = cancel_order(seller=seller, order=order)
    except Conflict as exc:
        # A retry would not change the answer: accept the delivery and say why nothing changed.
        return WebhookOutcome(200, exc.detail, order_id=order.pk)
    return WebhookOutcome(200, f"Order {order} cancelled.", order_id=order.pk)
