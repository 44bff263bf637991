"""Allocation of channel orders: which node's stock an order reserves, and how much.

The rule, in the seller's words:

1. The nodes tried for a ship-to country are those that serve its marketplace, in their
   fallback order (`NodeService.priority`; remote fulfilment included, so the US FC serves
   CA, MX and BR after their own FC). A country without a marketplace (AT, PT, CH, NZ…) is
   served by the nodes that list it in `Node.countries_served` (the EU hub FC-DE for the
   EU and EEA countries, FC-AU for NZ; operator-editable data), then the nodes sited in
   it, then the other FCs of the same region. The GWD hubs come last: the global pool is
   every order's last resort.
2. A line is filled from one node when one node can take all of it, else split over the
   nodes in order.
3. A node's takeable units for this order are its available units less the ring-fences
   other connections hold on that product and node; the order's own connection may take
   its fence.
4. When stock is short, the seller's policy decides: `backorder` reserves nothing until
   the whole order can be reserved; `partial` reserves what is there and backorders the rest.

Concurrency: the balance rows are locked (`SELECT … FOR UPDATE`, in primary-key order so
two orders never deadlock) before the takeable units are computed, and the ledger's
reservations run in the same transaction, so no other order can take the units between the
computation and the reservation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from inventory.models import (
    CauseType,
    ChannelOrder,
    ChannelOrderLine,
    Node,
    NodeService,
    OrderAllocation,
    OrderSettings,
    RingFence,
    StockBalance,
)
from inventory.models.orders import OrderStatus, ShortStockPolicy
from inventory.services import ledger
from portal.jobs import register_job_kind
from portal.models import JobRun, Seller
from portal.services.jobs import start_job


def nodes_for_country(country: str) -> list[Node]:
    """The active nodes that may ship to `country`, in the order they are tried."""
    services = (
        NodeService.objects.filter(marketplace__code=country, node__is_active=True)
        .select_related("node")
        .order_by("priority", "node__code")
    )
    nodes = [service.node for service in services]
    if not nodes:
        nodes = nodes_without_marketplace(country)
    seen = {node.pk for node in nodes}
    hubs = Node.objects.filter(kind=Node.Kind.GWD, is_active=True).order_by("code")
    nodes.extend(hub for hub in hubs if hub.pk not in seen)
    return nodes


def nodes_without_marketplace(country: str) -> list[Node]:
    """Nodes for a ship-to country that has no marketplace (AT, PT, CH, NZ…), GWD hubs excepted.

    First the nodes whose `countries_served` list the country (fulfilment centres before AWD
    sites), then any node sited in the country, then the other fulfilment centres of the
    listing nodes' regions (the other EU FCs after the EU hub). Nodes are a small reference
    table, read whole in one query; a JSON list lookup would not work on every database.
    """
    candidates = list(Node.objects.filter(is_active=True).exclude(kind=Node.Kind.GWD).order_by("code"))
    kind_order = {Node.Kind.FC: 0, Node.Kind.AWD: 1}
    listed = sorted(
        (node for node in candidates if country in (node.countries_served or [])),
        key=lambda node: (kind_order.get(node.kind, 2), node.code),
    )
    local = [node for node in candidates if node.country == country]
    regions = {node.region for node in listed}
    regional = [node for node in candidates if node.kind == Node.Kind.FC and node.region in regions]
    ordered: list[Node] = []
    for node in [*listed, *local, *regional]:
        if node not in ordered:
            ordered.append(node)
    return ordered


def short_stock_policy(*, seller: Seller) -> str:
    settings = OrderSettings.objects.for_seller(seller).first()
    return settings.short_stock_policy if settings else ShortStockPolicy.BACKORDER


@dataclass(frozen=True)
class PlannedReservation:
    line: ChannelOrderLine
    node: Node
    quantity: int


def fenced_by_others(
    *, seller: Seller, connection_id: int, product_ids: set[int], node_ids: list[int]
) -> dict[tuple[int, int], int]:
    """Units of each (product, node) that other connections' ring-fences keep from this one."""
    rows = (
        RingFence.objects.for_seller(seller)
        .filter(product_id__in=product_ids, node_id__in=node_ids)
        .exclude(connection_id=connection_id)
        .values("product_id", "node_id")
        .annotate(units=Sum("quantity"))
    )
    return {(row["product_id"], row["node_id"]): row["units"] for row in rows}


def takeable_units(
    *, seller: Seller, connection_id: int, product_ids: set[int], node_ids: list[int], lock: bool
) -> dict[tuple[int, int], int]:
    """Units of each (product, node) that an order of `connection_id` may take: available
    less the other connections' fences. With `lock`, the balance rows stay locked until the
    caller's transaction ends."""
    balances = StockBalance.objects.for_seller(seller).filter(
        product_id__in=product_ids, node_id__in=node_ids
    )
    if lock:
        balances = balances.select_for_update().order_by("pk")
    available = {(b.product_id, b.node_id): b.on_hand - b.reserved for b in balances}
    fences = fenced_by_others(
        seller=seller, connection_id=connection_id, product_ids=product_ids, node_ids=node_ids
    )
    return {key: max(0, units - fences.get(key, 0)) for key, units in available.items()}


def plan_allocation(
    lines: list[ChannelOrderLine], nodes: list[Node], takeable: dict[tuple[int, int], int]
) -> list[PlannedReservation]:
    """Which node gives how many units to each line (pure: no database).

    Each line takes all its missing units from the first node that has them all, else
    what each node has, in order. `takeable` is consumed as lines take units.
    """
    plan = []
    for line in lines:
        needed = line.quantity_missing
        if line.product_id is None or needed <= 0:
            continue
        whole = next((n for n in nodes if takeable.get((line.product_id, n.pk), 0) >= needed), None)
        if whole is not None:
            takeable[(line.product_id, whole.pk)] -= needed
            plan.append(PlannedReservation(line=line, node=whole, quantity=needed))
            continue
        for node in nodes:
            units = min(needed, takeable.get((line.product_id, node.pk), 0))
            if units <= 0:
                continue
            takeable[(line.product_id, node.pk)] -= units
            plan.append(PlannedReservation(line=line, node=node, quantity=units))
            needed -= units
            if needed == 0:
                break
    return plan


def order_status_from_lines(lines: list[ChannelOrderLine]) -> str:
    """The status an unfinished order's lines imply."""
    missing = sum(line.quantity_missing for line in lines)
    reserved = sum(line.quantity_reserved for line in lines)
    shipped = sum(line.quantity_shipped for line in lines)
    if missing == 0:
        return OrderStatus.RESERVED if reserved else OrderStatus.SHIPPED
    if reserved == 0 and shipped == 0:
        return OrderStatus.BACKORDERED
    return OrderStatus.PARTIALLY_RESERVED


@transaction.atomic
def allocate_order(*, seller: Seller, order: ChannelOrder) -> ChannelOrder:
    """Reserve what the order still misses at the nodes serving its ship-to country.

    Idempotent: a line that is fully reserved takes nothing more. Returns the order with
    its new status. Cancelled and shipped orders are left as they are.
    """
    order = ChannelOrder.objects.for_seller(seller).select_for_update().get(pk=order.pk)
    if order.status in ChannelOrder.FINISHED:
        return order
    lines = list(
        ChannelOrderLine.objects.for_seller(seller)
        .filter(order=order)
        .select_related("product")
        .order_by("line_number")
    )
    nodes = nodes_for_country(order.ship_to_country)
    product_ids = {line.product_id for line in lines if line.product_id and line.quantity_missing > 0}
    plan: list[PlannedReservation] = []
    if product_ids and nodes:
        takeable = takeable_units(
            seller=seller,
            connection_id=order.connection_id,
            product_ids=product_ids,
            node_ids=[node.pk for node in nodes],
            lock=True,
        )
        plan = plan_allocation(lines, nodes, takeable)
    planned_units = sum(p.quantity for p in plan)
    complete = planned_units == sum(line.quantity_missing for line in lines)
    if not complete and short_stock_policy(seller=seller) == ShortStockPolicy.BACKORDER:
        plan = []
    _reserve(seller=seller, order=order, plan=plan)
    order.status = order_status_from_lines(lines)
    order.save(update_fields=["status", "updated_at"])
    return order


def _reserve(*, seller: Seller, order: ChannelOrder, plan: list[PlannedReservation]) -> None:
    if not plan:
        return
    # The fences again, for the ledger's own guard: its conditional UPDATE keeps them
    # available whatever the plan computed (the backstop of the rule, not its only check).
    fences = fenced_by_others(
        seller=seller,
        connection_id=order.connection_id,
        product_ids={step.line.product_id for step in plan},
        node_ids=[step.node.pk for step in plan],
    )
    now = timezone.now()
    allocations = []
    for step in plan:
        # The balance rows are locked, so the ledger cannot refuse what the plan counted;
        # if it ever did (InsufficientStock), the whole transaction rolls back.
        ledger.reserve(
            seller,
            step.line.product,
            step.node,
            step.quantity,
            cause_type=CauseType.ORDER,
            cause_ref=str(order.pk),
            keep_available=fences.get((step.line.product_id, step.node.pk), 0),
        )
        step.line.quantity_reserved += step.quantity
        allocations.append(
            OrderAllocation(
                seller=seller, line=step.line, node=step.node, quantity=step.quantity, created_at=now
            )
        )
    OrderAllocation.objects.for_seller(seller).bulk_create(allocations)
    lines = {step.line.pk: step.line for step in plan}
    ChannelOrderLine.objects.for_seller(seller).bulk_update(list(lines.values()), ["quantity_reserved"])


def waiting_orders(*, seller: Seller, product_ids: set[int] | None = None):
    """Orders that still miss units (oldest first), optionally only those wanting these products."""
    orders = ChannelOrder.objects.for_seller(seller).filter(status__in=ChannelOrder.WAITING)
    if product_ids:
        orders = orders.filter(Q(lines__product_id__in=product_ids)).distinct()
    return orders.order_by("placed_at", "id")


def reallocate_waiting_orders(*, seller: Seller, progress=None) -> dict[str, int]:
    """Try again every backordered or partly reserved order, oldest first (one transaction each)."""
    order_ids = list(waiting_orders(seller=seller).values_list("pk", flat=True))
    if progress is not None:
        progress.set_total(len(order_ids))
    counts: dict[str, int] = defaultdict(int)
    for order in ChannelOrder.objects.for_seller(seller).filter(pk__in=order_ids).order_by("placed_at", "id"):
        counts[allocate_order(seller=seller, order=order).status] += 1
        if progress is not None:
            progress.advance()
    return {"orders": len(order_ids), **counts}


BACKORDER_ALLOCATION_JOB = register_job_kind(
    "inventory.backorder_allocation",
    gettext_lazy("Reserve backorders"),
    task="inventory.tasks.run_backorder_allocation",
)


def backorder_allocation_work(job: JobRun, progress) -> dict:
    """Job work: try every waiting order of the job's seller again (safe to repeat)."""
    return reallocate_waiting_orders(seller=job.seller, progress=progress)


def start_backorder_allocation(*, seller: Seller, started_by=None, api_key=None) -> JobRun:
    """Queue the bulk re-allocation of backorders on the `allocation` queue."""
    return start_job(
        seller=seller,
        kind=BACKORDER_ALLOCATION_JOB,
        started_by=started_by,
        api_key=api_key,
    )
