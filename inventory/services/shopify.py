"""Shopify webhooks: verify a delivery, recognise a repeat, turn its order into a channel order.

Shopify's documented rule (shopify.dev, "Verify webhook deliveries"): the
`X-Shopify-Hmac-Sha256` header is the base64 HMAC-SHA256 of the raw request body, keyed
with the shop's webhook secret; it is compared in constant time before anything in the
body is trusted. Each delivery carries `X-Shopify-Webhook-Id`, the same on every retry of
that delivery; it is stored (unique per connection) so a repeat changes nothing.

Topics handled: `orders/create` and `orders/cancelled`, whose bodies are Shopify's order
resource (`id`, `name`, `created_at`, `currency`, `shipping_address.country_code`,
`billing_address.country_code`, `line_items[].sku/quantity/price/title/id/requires_shipping`,
`cancelled_at`, `financial_status`, `test`).

The whole order is read with the partner boundary (`portal.api.boundary`) before anything
is written, and every error is answered at once, by field (`line_items.2.quantity`).
What Shopify sends that is not an order to fulfil is kept without reserving stock:
- a test notification (`test: true`, what "Send test notification" delivers) is kept as a
  test order;
- an order already cancelled or voided (`cancelled_at`, `financial_status: voided`) is kept
  cancelled;
- an order with nothing to ship (no shipping address: pick-up, digital goods, or no line
  that requires shipping) is recorded for the shop to fulfil, or reserved for its billing
  country, as the connection's "orders with nothing to ship" setting says.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from inventory.models import ChannelConnection, ChannelOrder, ChannelOrderLine, ShopifyWebhookDelivery
from inventory.models.orders import Channel, OrderStatus, UnshippedOrders
from inventory.services.orders import OrderInput, OrderLineInput, cancel_order, receive_channel_order
from portal.api.boundary import (
    POSITIVE_INT32,
    FieldErrors,
    date_time,
    decimal,
    integer,
    max_length_of,
    text,
)
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
    fields: dict[str, list[str]] | None = None


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


def _country(address: Any, field: str, errors: FieldErrors) -> str:
    """The two-letter country code of a Shopify address object ("" when there is none)."""
    if address in (None, ""):
        return ""
    if not isinstance(address, dict):
        errors.add(field, "Must be an address object, or null.")
        return ""
    country = text(address.get("country_code"), field=f"{field}.country_code", errors=errors, max_length=2)
    if country and (len(country) != 2 or not country.isalpha()):
        errors.add(f"{field}.country_code", "A two-letter ISO country code, e.g. US.")
        return ""
    return country.upper()


def _line(item: Any, index: int, errors: FieldErrors) -> tuple[OrderLineInput, bool] | None:
    """One line item and whether it requires shipping; None (errors added) when unreadable."""
    path = f"line_items.{index}"
    if not isinstance(item, dict):
        errors.add(path, "Each line item must be an object.")
        return None
    before = len(errors)
    quantity = integer(item.get("quantity"), field=f"{path}.quantity", errors=errors, bounds=POSITIVE_INT32)
    if quantity is not None and quantity < 1:
        errors.add(f"{path}.quantity", "Each line item needs a quantity of at least 1.")
    sku = text(
        item.get("sku"),
        field=f"{path}.sku",
        errors=errors,
        max_length=max_length_of(ChannelOrderLine, "channel_sku"),
    )
    title = text(
        item.get("name") or item.get("title"),
        field=f"{path}.name",
        errors=errors,
        max_length=max_length_of(ChannelOrderLine, "title"),
    )
    line_id = text(
        item.get("id"),
        field=f"{path}.id",
        errors=errors,
        max_length=max_length_of(ChannelOrderLine, "external_line_id"),
        coerce_numbers=True,
    )
    price = decimal(item.get("price"), field=f"{path}.price", errors=errors, max_digits=12, decimal_places=2)
    requires_shipping = item.get("requires_shipping", True)
    if not isinstance(requires_shipping, bool):
        errors.add(f"{path}.requires_shipping", "Must be true or false.")
    if len(errors) > before:
        return None
    line = OrderLineInput(sku=sku, quantity=quantity, title=title, unit_price=price, external_line_id=line_id)
    return line, requires_shipping is not False


def order_input_from_payload(payload: dict, *, connection: ChannelConnection | None = None) -> OrderInput:
    """Our order from Shopify's order resource. Raises InvalidInput with every error by field.

    `connection` decides what happens to an order with nothing to ship (see the module)."""
    errors = FieldErrors()
    order_id = text(
        payload.get("id"),
        field="id",
        errors=errors,
        max_length=max_length_of(ChannelOrder, "external_id"),
        required=True,
        coerce_numbers=True,
    )
    reference = text(
        payload.get("name"), field="name", errors=errors, max_length=max_length_of(ChannelOrder, "reference")
    )
    currency = text(payload.get("currency"), field="currency", errors=errors, max_length=3)
    placed_at = date_time(payload.get("created_at"), field="created_at", errors=errors)
    date_time(payload.get("cancelled_at"), field="cancelled_at", errors=errors)
    ship_to = _country(payload.get("shipping_address"), "shipping_address", errors)
    billing = _country(payload.get("billing_address"), "billing_address", errors)
    is_test = payload.get("test", False)
    if not isinstance(is_test, bool):
        errors.add("test", "Must be true or false.")
    items = payload.get("line_items")
    shipped: list[OrderLineInput] = []
    unshipped: list[OrderLineInput] = []
    if not isinstance(items, list) or not items:
        errors.add("line_items", "The order needs a list of line items.")
        items = []
    for index, item in enumerate(items):
        read = _line(item, index, errors)
        if read is not None:
            (shipped if read[1] else unshipped).append(read[0])
    if errors:
        raise InvalidInput("The Shopify order could not be read.", fields=dict(errors))

    status = ""
    lines = shipped
    if is_test:
        status, lines = OrderStatus.TEST, shipped + unshipped
    elif payload.get("cancelled_at") or payload.get("financial_status") == "voided":
        status, lines = OrderStatus.CANCELLED, shipped + unshipped
    elif not shipped or not ship_to:
        # Nothing to ship to, or nothing to ship: pick-up, local delivery, digital goods.
        reserve = connection is not None and connection.unshipped_orders == UnshippedOrders.RESERVE
        if reserve and shipped and (ship_to or billing):
            ship_to = ship_to or billing
        else:
            status, lines = OrderStatus.RECORDED, shipped + unshipped
    return OrderInput(
        external_id=order_id,
        reference=reference,
        ship_to_country=ship_to,
        currency=currency,
        placed_at=placed_at,
        lines=lines,
        status=status,
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
    header_errors = FieldErrors()
    webhook_id = text(
        webhook_id,
        field="X-Shopify-Webhook-Id",
        errors=header_errors,
        max_length=max_length_of(ShopifyWebhookDelivery, "webhook_id"),
        required=True,
    )
    topic = text(topic, field="X-Shopify-Topic", errors=header_errors, max_length=60)
    if header_errors:
        return WebhookOutcome(400, "A Shopify header is missing or not valid.", fields=dict(header_errors))
    seller = connection.seller
    with seller_scope(seller):
        deliveries = ShopifyWebhookDelivery.objects.for_seller(seller)
        known = deliveries.filter(connection=connection, webhook_id=webhook_id).first()
        if known is not None:
            return WebhookOutcome(200, "Already received.", order_id=known.order_id, duplicate=True)
        if topic not in TOPICS:
            return WebhookOutcome(200, f"Topic {topic!r} is not used; accepted and ignored.")
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return WebhookOutcome(400, "The body is not JSON.")
        if not isinstance(payload, dict):
            return WebhookOutcome(400, "The body is not a Shopify order.")
        try:
            with transaction.atomic():
                outcome = _apply(connection=connection, topic=topic, payload=payload)
                ShopifyWebhookDelivery.objects.create(
                    seller=seller,
                    connection=connection,
                    webhook_id=webhook_id,
                    topic=topic,
                    order_id=outcome.order_id,
                    outcome=outcome.detail[:200],
                )
        except InvalidInput as exc:
            return WebhookOutcome(400, exc.detail, fields=exc.fields)
        except IntegrityError:
            # The same delivery is being applied by a concurrent request; that one wins.
            known = deliveries.filter(connection=connection, webhook_id=webhook_id).first()
            return WebhookOutcome(
                200, "Already received.", order_id=known.order_id if known else None, duplicate=True
            )
    return outcome


def _apply(*, connection: ChannelConnection, topic: str, payload: dict) -> WebhookOutcome:
    seller = connection.seller
    if topic == TOPIC_ORDERS_CREATE:
        data = order_input_from_payload(payload, connection=connection)
        order, created = receive_channel_order(seller=seller, connection=connection, data=data)
        detail = f"Order {order} {'created' if created else 'already known'}: {order.status}."
        return WebhookOutcome(200, detail, order_id=order.pk)
    # A cancellation needs only the order's id.
    errors = FieldErrors()
    external_id = text(
        payload.get("id"),
        field="id",
        errors=errors,
        max_length=max_length_of(ChannelOrder, "external_id"),
        required=True,
        coerce_numbers=True,
    )
    if errors:
        raise InvalidInput("The Shopify order could not be read.", fields=dict(errors))
    order = (
        ChannelOrder.objects.for_seller(seller).filter(connection=connection, external_id=external_id).first()
    )
    if order is None:
        return WebhookOutcome(200, f"Order {external_id} is not known here; nothing to cancel.")
    try:
        order = cancel_order(seller=seller, order=order)
    except Conflict as exc:
        # A retry would not change the answer: accept the delivery and say why nothing changed.
        return WebhookOutcome(200, exc.detail, order_id=order.pk)
    return WebhookOutcome(200, f"Order {order} cancelled.", order_id=order.pk)
