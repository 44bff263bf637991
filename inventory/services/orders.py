"""Channel orders: receive, cancel and ship them; connections, SKU mappings, ring-fences, settings.

Every function takes the seller first and changes only that seller's rows. Stock moves
only through the ledger (`inventory.services.ledger`), in the same transaction as the
order rows, so an order's allocations and the balances always agree.

Rows are locked in the global order of docs/locking.md: the orders (by id), then the stock
balances (by id, `ledger.lock_balances`), then the sales days (by id). Order intake counts
its sales after reserving, cancellation releases before taking the sales back, so intake
and cancellation never wait for each other in a circle; a deadlock the database still
reports is retried (`retry_on_conflict`), never shown as an error.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import (
    CauseType,
    ChannelConnection,
    ChannelOrder,
    ChannelOrderLine,
    ChannelSkuMapping,
    Node,
    OrderAllocation,
    OrderSettings,
    RingFence,
    SalesDay,
)
from inventory.models.orders import Channel, OrderStatus, ShortStockPolicy, UnshippedOrders
from inventory.selectors.events import order_event
from inventory.services import ledger
from inventory.services.allocation import allocate_order, order_status_from_lines
from inventory.services.shopify_fulfilments import report_shipment_to_shop
from listings.models import Product
from portal.exceptions import Conflict, InvalidInput
from portal.models import Marketplace, Seller
from portal.services.retry import retry_on_conflict
from portal.services.webhooks import emit_event


@dataclass
class OrderLineInput:
    sku: str
    quantity: int
    title: str = ""
    unit_price: Decimal | None = None
    external_line_id: str = ""


@dataclass
class OrderInput:
    external_id: str
    ship_to_country: str
    lines: list[OrderLineInput]
    reference: str = ""
    marketplace_code: str = ""
    currency: str = ""
    placed_at: datetime | None = None
    extra: dict = field(default_factory=dict)
    # An order recorded without reserving anything: TEST (a channel's test notification),
    # CANCELLED (cancelled before it reached us), RECORDED (nothing to ship, fulfilled by
    # the shop). "" for an order to reserve.
    status: str = ""


def _validation_fields(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for e in errors for m in e.messages] for name, errors in error.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


# --- connections, mappings, fences, settings --------------------------------------------


@transaction.atomic
def create_channel_connection(
    *,
    seller: Seller,
    channel: str,
    name: str,
    shop_domain: str = "",
    webhook_secret: str = "",
    unshipped_orders: str = UnshippedOrders.RECORD,
) -> ChannelConnection:
    """A new channel account. Shopify needs the shop domain and the webhook secret.

    Raises InvalidInput naming each bad field (unknown channel, bad domain, missing secret,
    a name or shop already connected).
    """
    connection = ChannelConnection(
        seller=seller,
        channel=channel,
        name=name.strip(),
        shop_domain=shop_domain.strip().lower(),
        webhook_secret=webhook_secret.strip(),
        unshipped_orders=unshipped_orders or UnshippedOrders.RECORD,
    )
    errors: dict[str, list[str]] = {}
    if channel == Channel.SHOPIFY:
        if not connection.shop_domain:
            errors["shop_domain"] = [_("A Shopify connection needs the shop's myshopify.com domain.")]
        if not connection.webhook_secret:
            errors["webhook_secret"] = [
                _("A Shopify connection needs the secret Shopify signs webhooks with.")
            ]
    try:
        connection.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name_, messages in _validation_fields(exc).items():
            errors.setdefault(name_, []).extend(messages)
    if ChannelConnection.objects.for_seller(seller).filter(name=connection.name).exists():
        errors.setdefault("name", []).append(_("You already have a connection with this name."))
    if (
        connection.shop_domain
        and ChannelConnection.objects.with_scopes_disabled()
        .filter(shop_domain=connection.shop_domain)
        .exists()
    ):
        errors.setdefault("shop_domain", []).append(_("This shop is already connected."))
    if errors:
        raise InvalidInput(_("The connection could not be created."), fields=errors)
    connection.save()
    return connection


@retry_on_conflict
@transaction.atomic
def map_channel_sku(
    *, seller: Seller, connection: ChannelConnection, channel_sku: str, product: Product
) -> ChannelSkuMapping:
    """Map a channel SKU to a product (replacing an earlier mapping), then give the waiting
    orders' unmapped lines of that SKU their product and try to reserve them."""
    channel_sku = channel_sku.strip()
    if not channel_sku:
        raise InvalidInput(fields={"channel_sku": [_("Enter the SKU the channel uses.")]})
    if product.seller_id != seller.pk or connection.seller_id != seller.pk:
        raise InvalidInput(fields={"product": [_("Choose one of your products.")]})
    mapping, _created = ChannelSkuMapping.objects.for_seller(seller).update_or_create(
        connection=connection, channel_sku=channel_sku, defaults={"product": product, "seller": seller}
    )
    lines = ChannelOrderLine.objects.for_seller(seller).filter(
        order__connection=connection,
        order__status__in=ChannelOrder.WAITING,
        channel_sku=channel_sku,
        product__isnull=True,
    )
    order_ids = set(lines.values_list("order_id", flat=True))
    # The orders first, in id order (docs/locking.md), then each allocation locks balances.
    list(
        ChannelOrder.objects.for_seller(seller)
        .filter(pk__in=order_ids)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    lines.update(product=product)
    for order in ChannelOrder.objects.for_seller(seller).filter(pk__in=order_ids).order_by("placed_at", "id"):
        allocate_order(seller=seller, order=order)
    return mapping


@transaction.atomic
def resolve_unmapped_lines(*, seller: Seller, skus: set[str]) -> int:
    """Give waiting orders' unmapped lines of these channel SKUs the product they now
    resolve to (the connection's mapping, else the product with that SKU), then try to
    reserve those orders. Called when a product appears; returns how many lines changed."""
    lines = list(
        ChannelOrderLine.objects.for_seller(seller)
        .filter(order__status__in=ChannelOrder.WAITING, channel_sku__in=skus, product__isnull=True)
        .select_related("order")
    )
    by_connection: dict[int, set[str]] = {}
    for line in lines:
        by_connection.setdefault(line.order.connection_id, set()).add(line.channel_sku)
    connections = ChannelConnection.objects.for_seller(seller).in_bulk(list(by_connection))
    resolved = {
        connection_id: _resolve_products(seller=seller, connection=connections[connection_id], skus=found)
        for connection_id, found in by_connection.items()
    }
    changed = [line for line in lines if resolved[line.order.connection_id].get(line.channel_sku)]
    for line in changed:
        line.product_id = resolved[line.order.connection_id][line.channel_sku]
    ChannelOrderLine.objects.for_seller(seller).bulk_update(changed, ["product"])
    orders = {line.order_id for line in changed}
    for order in ChannelOrder.objects.for_seller(seller).filter(pk__in=orders).order_by("placed_at", "id"):
        allocate_order(seller=seller, order=order)
    return len(changed)


@transaction.atomic
def set_ring_fence(
    *, seller: Seller, connection: ChannelConnection, product: Product, node: Node, quantity: int
) -> RingFence | None:
    """Keep `quantity` units of the product at the node for this connection; 0 removes the fence."""
    if quantity < 0:
        raise InvalidInput(fields={"quantity": [_("Enter 0 (no fence) or a positive number of units.")]})
    if product.seller_id != seller.pk or connection.seller_id != seller.pk:
        raise InvalidInput(fields={"product": [_("Choose one of your products.")]})
    fences = RingFence.objects.for_seller(seller)
    if quantity == 0:
        fences.filter(connection=connection, product=product, node=node).delete()
        return None
    fence, _created = fences.update_or_create(
        connection=connection, product=product, node=node, defaults={"quantity": quantity, "seller": seller}
    )
    return fence


def set_short_stock_policy(*, seller: Seller, policy: str) -> OrderSettings:
    if policy not in ShortStockPolicy.values:
        raise InvalidInput(
            fields={"short_stock_policy": [_("Choose one of: %s.") % ", ".join(ShortStockPolicy.values)]}
        )
    settings, _created = OrderSettings.objects.for_seller(seller).update_or_create(
        seller=seller, defaults={"short_stock_policy": policy}
    )
    return settings


# --- orders ---------------------------------------------------------------------------


def _resolve_products(*, seller: Seller, connection: ChannelConnection, skus: set[str]) -> dict[str, int]:
    """Channel SKU → product id: the connection's mapping first, else a product with that SKU."""
    mapped = dict(
        ChannelSkuMapping.objects.for_seller(seller)
        .filter(connection=connection, channel_sku__in=skus)
        .values_list("channel_sku", "product_id")
    )
    rest = skus - mapped.keys()
    if rest:
        mapped.update(Product.objects.for_seller(seller).filter(sku__in=rest).values_list("sku", "pk"))
    return mapped


def _validate_order(*, connection: ChannelConnection, data: OrderInput) -> Marketplace | None:
    errors: dict[str, list[str]] = {}
    if not connection.is_active:
        errors["connection"] = [_("This connection is switched off.")]
    marketplace = None
    if data.marketplace_code:
        marketplace = Marketplace.objects.filter(code=data.marketplace_code.upper()).first()
        if marketplace is None:
            errors["marketplace"] = [
                _("Unknown marketplace %(code)s; use a code such as US, DE or JP.")
                % {"code": data.marketplace_code}
            ]
    elif connection.channel == Channel.MARKETPLACE:
        errors["marketplace"] = [_("A marketplace order must name its marketplace (for example US, DE, JP).")]
    if not data.lines:
        errors["lines"] = [_("An order needs at least one line.")]
    if not data.status and not data.ship_to_country:
        # Only an order that reserves nothing may lack a destination.
        errors["ship_to_country"] = [_("Enter the two-letter country the order ships to.")]
    for index, line in enumerate(data.lines):
        if line.quantity < 1:
            errors[f"lines.{index}.quantity"] = [_("Enter a whole number of units, at least 1.")]
    if errors:
        raise InvalidInput(_("The order could not be accepted."), fields=errors)
    return marketplace


def receive_channel_order(
    *, seller: Seller, connection: ChannelConnection, data: OrderInput
) -> tuple[ChannelOrder, bool]:
    """Record an order from a channel and reserve its stock; returns (order, created).

    The channel's order id is unique per connection: an order received again (a retried
    call, a second webhook for the same order) is returned as it is, and nothing changes.
    A line whose SKU maps to no product is kept, flagged unmapped, and waits for a mapping.
    Marketplace orders add their units to the sales history in the same transaction.
    """
    if connection.seller_id != seller.pk:
        raise InvalidInput(fields={"connection": [_("Unknown connection.")]})
    marketplace = _validate_order(connection=connection, data=data)
    existing = ChannelOrder.objects.for_seller(seller).filter(
        connection=connection, external_id=data.external_id
    )
    if (order := existing.first()) is not None:
        return order, False
    try:
        order = _record_new_order(seller=seller, connection=connection, data=data, marketplace=marketplace)
    except IntegrityError:
        # The same order arrived twice at once: the other request created it.
        order = existing.first()
        if order is None:
            raise
        return order, False
    return order, True


@retry_on_conflict
@transaction.atomic
def _record_new_order(
    *, seller: Seller, connection: ChannelConnection, data: OrderInput, marketplace: Marketplace | None
) -> ChannelOrder:
    """Create the order, reserve its stock, then count its sales: balances before sales days.

    An order received with its status already set (one recorded after the fact) reserves
    nothing and adds no sales.
    """
    order = _create_order(seller=seller, connection=connection, data=data, marketplace=marketplace)
    if not data.status:
        order = allocate_order(seller=seller, order=order)
        if marketplace is not None:
            lines = list(ChannelOrderLine.objects.for_seller(seller).filter(order=order))
            _count_sales(seller=seller, order=order, lines=lines, sign=1)
    emit_event(seller=seller, type="order.created", payload=lambda: order_event(seller=seller, order=order))
    return order


def _create_order(
    *, seller: Seller, connection: ChannelConnection, data: OrderInput, marketplace: Marketplace | None
) -> ChannelOrder:
    products = _resolve_products(seller=seller, connection=connection, skus={line.sku for line in data.lines})
    order = ChannelOrder(
        seller=seller,
        connection=connection,
        external_id=data.external_id,
        reference=data.reference,
        marketplace=marketplace,
        ship_to_country=data.ship_to_country.upper(),
        currency=data.currency.upper() if data.currency else (marketplace.currency if marketplace else ""),
        placed_at=data.placed_at or timezone.now(),
    )
    if data.status:
        order.status = data.status
        if data.status == OrderStatus.CANCELLED:
            order.cancelled_at = timezone.now()
    try:
        order.full_clean(
            exclude=["connection", "seller", "marketplace"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise InvalidInput(_("The order could not be accepted."), fields=_validation_fields(exc)) from exc
    order.save()
    lines = [
        ChannelOrderLine(
            seller=seller,
            order=order,
            line_number=index + 1,
            external_line_id=line.external_line_id[:100],
            channel_sku=line.sku,
            title=line.title[:500],
            product_id=products.get(line.sku),
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for index, line in enumerate(data.lines)
    ]
    ChannelOrderLine.objects.for_seller(seller).bulk_create(lines)
    return order


def _sales_day(order: ChannelOrder):
    tz = zoneinfo.ZoneInfo(order.marketplace.timezone or "UTC")
    return order.placed_at.astimezone(tz).date()


def _count_sales(*, seller: Seller, order: ChannelOrder, lines: list[ChannelOrderLine], sign: int) -> None:
    """Add (or, for a cancellation, take back) the order's units in the sales history."""
    day = _sales_day(order)
    units: dict[int, int] = {}
    for line in lines:
        if line.product_id is not None:
            units[line.product_id] = units.get(line.product_id, 0) + line.quantity
    days = SalesDay.objects.for_seller(seller)
    # The day's rows of these products locked in id order before any is changed, and the
    # products taken in id order: two orders with the same lines in another order, or an
    # order and a cancellation, then wait for each other in turn, never in a circle.
    list(
        days.filter(product_id__in=units, marketplace=order.marketplace, day=day)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for product_id, quantity in sorted(units.items()):
        key = {"product_id": product_id, "marketplace": order.marketplace, "day": day}
        if sign < 0:
            days.filter(units__gte=quantity, **key).update(units=F("units") - quantity)
            continue
        if days.filter(**key).update(units=F("units") + quantity):
            continue
        try:
            with transaction.atomic():
                SalesDay.objects.create(seller=seller, units=quantity, **key)
        except IntegrityError:
            # Another order created the day's row first: add to it.
            days.filter(**key).update(units=F("units") + quantity)


def _locked_order(*, seller: Seller, order_id: int) -> ChannelOrder:
    return (
        ChannelOrder.objects.for_seller(seller)
        .select_for_update(of=("self",))
        .select_related("marketplace")
        .get(pk=order_id)
    )


@retry_on_conflict
@transaction.atomic
def cancel_order(*, seller: Seller, order: ChannelOrder) -> ChannelOrder:
    """Cancel the order: its reserved units go back to available, its sales are taken back.

    Cancelling a cancelled order changes nothing. A shipped order cannot be cancelled
    (Conflict): its units have left the warehouse.
    """
    order = _locked_order(seller=seller, order_id=order.pk)
    if order.status == OrderStatus.CANCELLED:
        return order
    if order.status == OrderStatus.SHIPPED:
        raise Conflict(_("Order %(order)s has shipped and cannot be cancelled.") % {"order": order})
    allocations = list(
        OrderAllocation.objects.for_seller(seller)
        .filter(line__order=order, status=OrderAllocation.Status.RESERVED)
        .select_related("line__product", "node")
        .order_by("pk")
    )
    ledger.lock_balances(seller, [(a.line.product_id, a.node_id) for a in allocations])
    now = timezone.now()
    for allocation in allocations:
        ledger.release(
            seller,
            allocation.line.product,
            allocation.node,
            allocation.quantity,
            cause_type=CauseType.ORDER,
            cause_ref=str(order.pk),
            cause_key=f"order-allocation:{allocation.pk}:release",
        )
    OrderAllocation.objects.for_seller(seller).filter(pk__in=[a.pk for a in allocations]).update(
        status=OrderAllocation.Status.RELEASED, finished_at=now
    )
    lines = list(ChannelOrderLine.objects.for_seller(seller).filter(order=order))
    ChannelOrderLine.objects.for_seller(seller).filter(order=order).update(quantity_reserved=0)
    if order.marketplace_id is not None:
        # Units already shipped were sold; only the rest is taken back.
        for line in lines:
            line.quantity -= line.quantity_shipped
        _count_sales(seller=seller, order=order, lines=[ln for ln in lines if ln.quantity > 0], sign=-1)
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = now
    order.save(update_fields=["status", "cancelled_at", "updated_at"])
    emit_event(seller=seller, type="order.cancelled", payload=lambda: order_event(seller=seller, order=order))
    return order


@retry_on_conflict
@transaction.atomic
def ship_order(
    *,
    seller: Seller,
    order: ChannelOrder,
    tracking_number: str = "",
    tracking_company: str = "",
    tracking_url: str = "",
) -> ChannelOrder:
    """Confirm the shipment of every reserved unit: the units leave the nodes' on-hand stock.

    Under partial fulfilment the order may ship in parts; what was never reserved stays
    backordered. An order from a Shopify shop is reported back to the shop with the
    tracking details (`inventory.services.shopify_fulfilments`). Raises Conflict when
    nothing is reserved (nothing to ship) or the order is cancelled.
    """
    order = _locked_order(seller=seller, order_id=order.pk)
    if order.status == OrderStatus.CANCELLED:
        raise Conflict(_("Order %(order)s is cancelled.") % {"order": order})
    allocations = list(
        OrderAllocation.objects.for_seller(seller)
        .filter(line__order=order, status=OrderAllocation.Status.RESERVED)
        .select_related("line__product", "node")
        .order_by("pk")
    )
    if not allocations:
        raise Conflict(_("Order %(order)s has no reserved units to ship.") % {"order": order})
    ledger.lock_balances(seller, [(a.line.product_id, a.node_id) for a in allocations])
    now = timezone.now()
    for allocation in allocations:
        ledger.ship(
            seller,
            allocation.line.product,
            allocation.node,
            allocation.quantity,
            cause_type=CauseType.ORDER,
            cause_ref=str(order.pk),
            cause_key=f"order-allocation:{allocation.pk}:ship",
        )
    OrderAllocation.objects.for_seller(seller).filter(pk__in=[a.pk for a in allocations]).update(
        status=OrderAllocation.Status.SHIPPED, finished_at=now
    )
    ChannelOrderLine.objects.for_seller(seller).filter(order=order).update(
        quantity_shipped=F("quantity_shipped") + F("quantity_reserved"), quantity_reserved=0
    )
    lines = list(ChannelOrderLine.objects.for_seller(seller).filter(order=order))
    order.status = order_status_from_lines(lines)
    order.shipped_at = now
    order.save(update_fields=["status", "shipped_at", "updated_at"])
    report_shipment_to_shop(
        seller=seller,
        order=order,
        shipped=allocations,
        tracking_number=tracking_number,
        tracking_company=tracking_company,
        tracking_url=tracking_url,
    )
    return order
