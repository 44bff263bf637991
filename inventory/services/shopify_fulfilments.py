"""Back to the channel: a shipped Shopify order is reported to its shop with the tracking number.

`ship_order` calls `report_shipment_to_shop` inside its transaction; for an order of a
Shopify connection that has an Admin API access token, a `ShopifyFulfilment` is written
and sent once the transaction commits (task `inventory.tasks.push_shopify_fulfilment`).
A shop that does not accept it (down, throttled, token refused) is tried again on the
webhooks' schedule (`portal.services.webhooks.RETRY_DELAYS`, about a day); a refusal of
the content itself (unknown order, user errors) fails at once with Shopify's message.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from importlib import import_module

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import ChannelConnection, ChannelOrder, ShopifyAccess, ShopifyFulfilment
from inventory.models.orders import Channel
from inventory.services.shopify_admin import ShopifyError, create_fulfilments
from portal.encryption import encrypt
from portal.exceptions import InvalidInput
from portal.models import Seller
from portal.services.webhooks import CLAIM_SECONDS, next_attempt_delay

PUSH_TASK = "inventory.tasks.push_shopify_fulfilment"


def set_access_token(*, seller: Seller, connection: ChannelConnection, access_token: str) -> ShopifyAccess:
    """Store (encrypted) the Admin API access token of a Shopify connection; replaces the old one."""
    access_token = (access_token or "").strip()
    errors = {}
    if connection.seller_id != seller.pk or connection.channel != Channel.SHOPIFY:
        errors["connection"] = [_("Choose one of your Shopify connections.")]
    if not access_token.startswith("shpat_") or len(access_token) > 200:
        errors["access_token"] = [
            _("Paste the Admin API access token of the shop's app: it starts with shpat_.")
        ]
    if errors:
        raise InvalidInput(fields=errors)
    access, _created = ShopifyAccess.objects.for_seller(seller).update_or_create(
        connection=connection, defaults={"seller": seller, "access_token_encrypted": encrypt(access_token)}
    )
    return access


def _enqueue(items: list[tuple[int, int]]) -> None:
    if PUSH_TASK not in current_app.tasks:
        import_module("inventory.tasks")
    task = current_app.tasks[PUSH_TASK]
    for seller_id, fulfilment_id in items:
        task.delay(seller_id, fulfilment_id)


def report_shipment_to_shop(
    *,
    seller: Seller,
    order: ChannelOrder,
    shipped: list,
    tracking_number: str = "",
    tracking_company: str = "",
    tracking_url: str = "",
) -> ShopifyFulfilment | None:
    """Queue the report of one shipment (`shipped`: its OrderAllocations) to the order's shop.

    Nothing for orders of other channels or of a shop without an access token.
    """
    connection = ChannelConnection.objects.for_seller(seller).get(pk=order.connection_id)
    if connection.channel != Channel.SHOPIFY:
        return None
    if not ShopifyAccess.objects.for_seller(seller).filter(connection=connection).exists():
        return None
    lines = Counter()
    for allocation in shipped:
        if allocation.line.external_line_id:
            lines[allocation.line.external_line_id] += allocation.quantity
    fulfilment = ShopifyFulfilment.objects.for_seller(seller).create(
        seller=seller,
        connection=connection,
        order=order,
        lines=dict(lines),
        tracking_number=tracking_number[:100],
        tracking_company=tracking_company[:100],
        tracking_url=tracking_url[:500],
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue([(seller.pk, fulfilment.pk)]))
    return fulfilment


def push_fulfilment(*, seller_id: int, fulfilment_id: int) -> ShopifyFulfilment | None:
    """Send one due fulfilment to its shop once; None when it is not due (safe to run twice)."""
    now = timezone.now()
    rows = ShopifyFulfilment.objects.with_scopes_disabled().filter(pk=fulfilment_id, seller_id=seller_id)
    claimed = rows.filter(status=ShopifyFulfilment.Status.PENDING, next_attempt_at__lte=now).update(
        status=ShopifyFulfilment.Status.SENDING,
        claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
        attempt_count=F("attempt_count") + 1,
    )
    if not claimed:
        return None
    fulfilment = rows.select_related("connection__shopify_access", "order").get()
    connection = fulfilment.connection
    values = {"claimed_until": None}
    try:
        ids = create_fulfilments(
            shop_domain=connection.shop_domain,
            token=connection.shopify_access.access_token,
            order_id=fulfilment.order.external_id,
            lines=fulfilment.lines,
            tracking_number=fulfilment.tracking_number,
            tracking_company=fulfilment.tracking_company,
            tracking_url=fulfilment.tracking_url,
        )
    except ShopifyError as exc:
        delay = next_attempt_delay(fulfilment.attempt_count) if exc.retry else None
        values.update(
            status=ShopifyFulfilment.Status.PENDING if delay else ShopifyFulfilment.Status.FAILED,
            next_attempt_at=now + delay if delay else None,
            last_status_code=exc.status_code,
            last_error=exc.message[:500],
        )
    else:
        values.update(
            status=ShopifyFulfilment.Status.SUCCEEDED,
            next_attempt_at=None,
            completed_at=now,
            last_status_code=200,
            last_error="",
            shopify_fulfillment_id=" ".join(ids)[:100],
        )
    rows.update(**values)
    fulfilment.refresh_from_db()
    return fulfilment


def retry_due_fulfilments(*, now=None) -> int:
    """Queue the fulfilments whose next try is due (and those a lost worker held).

    Reads only ids across sellers, so it runs unscoped like the webhooks' sweep.
    """
    now = now or timezone.now()
    rows = ShopifyFulfilment.objects.with_scopes_disabled()
    rows.filter(status=ShopifyFulfilment.Status.SENDING, claimed_until__lt=now).update(
        status=ShopifyFulfilment.Status.PENDING, next_attempt_at=now, claimed_until=None
    )
    due = list(
        rows.filter(status=ShopifyFulfilment.Status.PENDING, next_attempt_at__lte=now).values_list(
            "seller_id", "pk"
        )[:10_000]
    )
    _enqueue(due)
    return len(due)
