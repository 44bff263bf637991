"""Inventory's answers to the signals of the apps below it (DESIGN.md: signals go upward)."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from inventory.demo.stock import create_demo_stock
from inventory.models import CauseType, InboundLine, InboundReceipt, InboundShipment, Node, Transfer
from inventory.services import ledger
from inventory.services.inbound import receive_inbound
from inventory.services.orders import resolve_unmapped_lines
from inventory.services.transfers import receive_transfer, record_freight_booked, return_cancelled_freight
from listings.models import Product
from logistics.signals import shipment_booked, shipment_cancelled, shipment_delivered
from portal.services.audit import record_audit_event
from portal.signals import demo_data_requested
from portal.tenancy import seller_scope

logger = logging.getLogger(__name__)

RECEIVING_PURPOSES = {"transfer": CauseType.TRANSFER, "inbound": CauseType.INBOUND}


def _items(shipment) -> list:
    items = shipment.items
    return list(items.all() if hasattr(items, "all") else items)


@receiver(shipment_delivered, dispatch_uid="inventory.receive_delivered_shipment")
def receive_delivered_shipment(sender, shipment, **kwargs):
    """Put a delivered transfer or inbound shipment's units on hand at its destination node.

    Exactly once per shipment and product: the ledger's cause key is
    `shipment:<id>:product:<id>`, so a repeated signal adds nothing. An inbound shipment
    whose `source_reference` is one of the seller's inbound plans at that node is recorded
    as the plan's receipt instead (see `_receive_plan`), so the plan shows what arrived; a
    transfer shipment whose `source_reference` is one of the seller's transfers receives
    that transfer (see `_receive_transfer`).
    """
    cause_type = RECEIVING_PURPOSES.get(getattr(shipment, "purpose", ""))
    if cause_type is None:
        return
    seller = shipment.seller
    if cause_type == CauseType.TRANSFER and shipment.source_reference:
        transfer = Transfer.objects.for_seller(seller).filter(reference=shipment.source_reference).first()
        if transfer is not None:
            _receive_transfer(seller=seller, transfer=transfer, shipment=shipment)
            return
    node = Node.objects.filter(code=shipment.destination_code).first()
    if node is None:
        logger.error("Shipment %s delivered to unknown node %r", shipment.pk, shipment.destination_code)
        record_audit_event(
            seller=seller,
            action="inventory.delivery_unknown_node",
            summary=f"Shipment {shipment.pk} delivered to unknown node {shipment.destination_code!r}",
            data={"shipment_id": shipment.pk},
        )
        return
    quantities: dict[int, int] = defaultdict(int)
    for item in _items(shipment):
        quantities[item.product_id] += item.quantity
    if cause_type == CauseType.INBOUND:
        plan = (
            InboundShipment.objects.for_seller(seller)
            .filter(reference=shipment.source_reference, node=node)
            .first()
            if shipment.source_reference
            else None
        )
        if plan is not None:
            _receive_plan(seller=seller, plan=plan, shipment=shipment, quantities=quantities)
            return
    products = Product.objects.for_seller(seller).in_bulk(list(quantities))
    reference = shipment.source_reference or f"shipment:{shipment.pk}"
    with transaction.atomic():
        for product_id, quantity in sorted(quantities.items()):
            product = products.get(product_id)
            if product is None or quantity <= 0:
                logger.error("Shipment %s names product %s that is not its seller's", shipment.pk, product_id)
                continue
            ledger.receive(
                seller,
                product,
                node,
                quantity,
                cause_type=cause_type,
                cause_ref=reference,
                cause_key=f"shipment:{shipment.pk}:product:{product_id}",
                from_inbound=quantity if cause_type == CauseType.INBOUND else 0,
                from_in_transit=quantity if cause_type == CauseType.TRANSFER else 0,
                kind="transfer_in" if cause_type == CauseType.TRANSFER else "receipt",
            )


def _transfer_of(shipment) -> Transfer | None:
    if getattr(shipment, "purpose", "") != "transfer" or not shipment.source_reference:
        return None
    return (
        Transfer.objects.for_seller(shipment.seller)
        .filter(reference=shipment.source_reference, shipment_id=shipment.pk)
        .first()
    )


@receiver(shipment_booked, dispatch_uid="inventory.transfer_freight_booked")
def transfer_freight_booked(sender, shipment, **kwargs):
    """A transfer's freight was booked: record the booking time on the transfer (once)."""
    transfer = _transfer_of(shipment)
    if transfer is not None:
        record_freight_booked(seller=shipment.seller, transfer=transfer, shipment=shipment)


@receiver(shipment_cancelled, dispatch_uid="inventory.transfer_freight_cancelled")
def transfer_freight_cancelled(sender, shipment, **kwargs):
    """A dispatched transfer's freight was cancelled: its units go back to the source (once)."""
    transfer = _transfer_of(shipment)
    if transfer is not None:
        return_cancelled_freight(seller=shipment.seller, transfer=transfer, shipment=shipment)


def _receive_transfer(*, seller, transfer: Transfer, shipment) -> None:
    """A transfer's freight arrived: in transit → on hand at its destination, lines received.

    Once only: `receive_transfer` does nothing for a transfer already received, and its
    ledger cause keys are per transfer and product. A shipment that names the transfer but
    is not the one its dispatch created receives nothing (the transfer's units travel on
    its own shipment; counting both would count them twice).
    """
    if transfer.shipment_id != shipment.pk:
        logger.error("Shipment %s names transfer %s but is not its freight", shipment.pk, transfer.pk)
        record_audit_event(
            seller=seller,
            action="inventory.delivery_foreign_transfer",
            summary=f"Shipment {shipment.reference} names transfer {transfer.reference} "
            "but does not carry it",
            data={"shipment_id": shipment.pk, "transfer_id": transfer.pk},
        )
        return
    quantities: dict[int, int] = defaultdict(int)
    for item in _items(shipment):
        quantities[item.product_id] += item.quantity
    receive_transfer(
        seller=seller,
        transfer=transfer,
        quantities=dict(quantities),
        received_at=min(shipment.delivered_at, timezone.now()) if shipment.delivered_at else None,
    )


def _receive_plan(*, seller, plan, shipment, quantities: dict[int, int]) -> None:
    """The booked freight of an inbound plan arrived: record it as the plan's receipt.

    The receipt's reference `shipment:<id>` makes it once-only (a repeated signal returns
    the first receipt); the units age from the delivery time. A plan that the warehouse
    has already counted to the end (received or closed) takes nothing more: its units are
    in the pool already; nor do lines the warehouse has counted (`receive_inbound` skips
    them), and a later warehouse count of the delivered lines is refused with 409.
    """
    if not plan.is_open:
        logger.info(
            "Inbound plan %s is %s; delivery of shipment %s adds nothing", plan.pk, plan.status, shipment.pk
        )
        return
    on_plan = set(
        InboundLine.objects.for_seller(seller).filter(shipment=plan).values_list("product_id", flat=True)
    )
    counts = [
        {"product": product_id, "received": quantity}
        for product_id, quantity in sorted(quantities.items())
        if product_id in on_plan and quantity > 0
    ]
    if not counts:
        return
    receive_inbound(
        seller=seller,
        shipment=plan,
        counts=counts,
        source=InboundReceipt.Source.DELIVERY,
        reference=f"shipment:{shipment.pk}",
        received_at=min(shipment.delivered_at, timezone.now()) if shipment.delivered_at else None,
    )


@receiver(demo_data_requested, dispatch_uid="inventory.demo_stock")
def add_demo_stock(sender, seller, **kwargs):
    create_demo_stock(seller=seller)


@receiver(demo_data_requested, dispatch_uid="inventory.demo_orders")
def add_demo_orders(sender, seller, **kwargs):
    """After the demo stock (connected above): a Shopify shop, a marketplace feed, a few orders."""
    from inventory.demo.orders import create_demo_orders

    create_demo_orders(seller=seller)


@receiver(demo_data_requested, dispatch_uid="inventory.demo_transfer")
def add_demo_transfer(sender, seller, **kwargs):
    """After the demo stock and orders: one transfer from the Shenzhen pool to the US FC, on its way."""
    from inventory.demo.transfers import create_demo_transfer

    create_demo_transfer(seller=seller)


@receiver(post_save, sender=Product, dispatch_uid="inventory.resolve_lines_of_new_product")
def resolve_lines_of_new_product(sender, instance, created, **kwargs):
    """A product created (or given a SKU) after orders named that SKU: their unmapped lines
    take it and are reserved, once the product is committed."""
    update_fields = kwargs.get("update_fields")
    if not instance.sku or (not created and update_fields and "sku" not in update_fields):
        return
    seller, sku = instance.seller, instance.sku

    def resolve():
        with seller_scope(seller):
            resolve_unmapped_lines(seller=seller, skus={sku})

    transaction.on_commit(resolve)
