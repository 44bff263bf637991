"""Inbound to the GWD: the seller's plan, the warehouse's count, and the units into the pool.

- `create_inbound_shipment` records the plan and announces its units as inbound at the hub.
- `receive_inbound` records one count (by the warehouse partner's API call or an operator's
  form): received and damaged per line; short and over follow from the plan. Good units
  go on hand through the ledger; damaged ones are recorded, not pooled.
- `close_inbound` ends a plan that will receive no more; what never arrived stops counting
  as inbound.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import CauseType, InboundCarton, InboundLine, InboundReceipt, InboundShipment, Node
from inventory.services import ledger
from inventory.services.inputs import too_many_message, too_many_units, whole_number
from listings.models import Product
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller
from portal.services.retry import retry_on_conflict

CARTON_FIELDS = ("count", "length_mm", "width_mm", "height_mm", "weight_g")


@retry_on_conflict
@transaction.atomic
def create_inbound_shipment(
    *,
    seller: Seller,
    reference: str,
    node: Node,
    expected_date: datetime.date,
    lines: list[dict],
    cartons: list[dict] | None = None,
    notes: str = "",
    created_by=None,
) -> InboundShipment:
    """Record an inbound plan to a GWD hub and announce its units as inbound there.

    `lines`: [{"product": Product or id, "quantity": int ≥ 1}], one per product.
    `cartons`: [{"count", "length_mm", "width_mm", "height_mm", "weight_g"}], all ≥ 1.
    Raises InvalidInput naming each wrong field (nothing is saved then).
    """
    errors: dict[str, list[str]] = {}
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Your reference for this shipment, for example INB-2025-001.")]
    elif InboundShipment.objects.for_seller(seller).filter(reference=reference).exists():
        errors["reference"] = [_("You already have an inbound shipment with this reference.")]
    if node is None or node.kind != Node.Kind.GWD:
        errors["node"] = [_("Inbound shipments go to a GWD hub (for example GWD-SZX).")]
    if not isinstance(expected_date, datetime.date):
        errors["expected_date"] = [_("A date, YYYY-MM-DD.")]
    ids = [
        line.get("product").pk if isinstance(line.get("product"), Product) else line.get("product")
        for line in lines or []
    ]
    products = Product.objects.for_seller(seller).in_bulk([i for i in ids if isinstance(i, int)])
    line_errors = []
    if not lines:
        errors["lines"] = [_("At least one line: a product and how many units.")]
    seen = set()
    for number, (line, product_id) in enumerate(zip(lines or [], ids, strict=True), start=1):
        quantity = whole_number(line.get("quantity"))
        if product_id not in products:
            line_errors.append(_("Line %(n)d: no such product.") % {"n": number})
        elif product_id in seen:
            line_errors.append(_("Line %(n)d: the product is already on another line.") % {"n": number})
        if quantity is None or quantity < 1:
            line_errors.append(_("Line %(n)d: quantity must be a whole number, 1 or more.") % {"n": number})
        elif too_many_units(quantity):
            line_errors.append(_("Line %(n)d: %(rule)s") % {"n": number, "rule": too_many_message()})
        seen.add(product_id)
    if line_errors:
        errors["lines"] = line_errors
    carton_errors = []
    for number, carton in enumerate(cartons or [], start=1):
        for field in CARTON_FIELDS:
            value = whole_number(carton.get(field))
            if value is None or value < 1 or too_many_units(value):
                carton_errors.append(
                    _("Carton %(n)d: %(field)s must be a whole number, 1 or more.")
                    % {"n": number, "field": field}
                )
    if carton_errors:
        errors["cartons"] = carton_errors
    if errors:
        raise InvalidInput(fields=errors)

    shipment = InboundShipment.objects.for_seller(seller).create(
        seller=seller,
        reference=reference,
        node=node,
        expected_date=expected_date,
        notes=notes or "",
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    created = InboundLine.objects.for_seller(seller).bulk_create(
        [
            InboundLine(
                seller=seller,
                shipment=shipment,
                product=products[pid],
                quantity_expected=int(line["quantity"]),
            )
            for line, pid in zip(lines, ids, strict=True)
        ]
    )
    InboundCarton.objects.for_seller(seller).bulk_create(
        [
            InboundCarton(seller=seller, shipment=shipment, **{f: int(carton[f]) for f in CARTON_FIELDS})
            for carton in cartons or []
        ]
    )
    ledger.lock_balances(seller, [(line.product_id, node.pk) for line in created])
    for line in created:
        ledger.expect_inbound(
            seller,
            line.product,
            node,
            line.quantity_expected,
            cause_ref=f"inbound:{shipment.pk}",
            cause_key=f"inbound:{shipment.pk}:line:{line.product_id}:expected",
            actor=created_by,
        )
    return shipment


def _products_received_by(seller: Seller, shipment: InboundShipment, *, delivery: bool) -> set[int]:
    """Products that receipts of the plan put in the pool: its freight deliveries' or the counts'."""
    receipts = InboundReceipt.objects.for_seller(seller).filter(shipment=shipment)
    if delivery:
        receipts = receipts.filter(source=InboundReceipt.Source.DELIVERY)
    else:
        receipts = receipts.exclude(source=InboundReceipt.Source.DELIVERY)
    return {
        line["product"]
        for lines in receipts.values_list("lines", flat=True)
        for line in lines
        if line.get("received")
    }


def _refuse_count_of_delivered_lines(seller: Seller, shipment: InboundShipment, counts, source: str) -> None:
    """A count of units the plan's freight delivery has already received would add them twice.

    Each line is received once: by the delivery or by the warehouse's count, whichever
    comes first. A later count of a delivered line is refused (409); differences the
    warehouse finds are recorded as adjustments or damage on the SKU's pool page.
    """
    if source == InboundReceipt.Source.DELIVERY:
        return
    delivered = _products_received_by(seller, shipment, delivery=True)
    if not delivered:
        return
    skus = dict(
        InboundLine.objects.for_seller(seller)
        .filter(shipment=shipment, product_id__in=delivered)
        .values_list("product_id", "product__sku")
    )
    clashes = [
        _("Line %(n)d: %(sku)s was received when the freight was delivered.")
        % {"n": number, "sku": skus[whole_number(count.get("product"))]}
        for number, count in enumerate(counts or [], start=1)
        if whole_number(count.get("product")) in skus
    ]
    if clashes:
        raise Conflict(
            _(
                "Inbound shipment %(ref)s was received on delivery of its freight; a count of the "
                "same lines would add the units twice. Record differences as an adjustment or "
                "damage on the SKU's pool page."
            )
            % {"ref": shipment.reference},
            fields={"lines": clashes},
        )


@retry_on_conflict
@transaction.atomic
def receive_inbound(
    *,
    seller: Seller,
    shipment: InboundShipment,
    counts: list[dict],
    source: str,
    reference: str = "",
    actor=None,
    api_key=None,
    received_at: datetime.datetime | None = None,
) -> InboundReceipt:
    """Record one warehouse count of an open inbound shipment.

    `received_at`: when the warehouse received the units, if earlier than now (a count
    entered days later); the pool ages the units from it. Not in the future.

    `counts`: [{"product": id, "received": int ≥ 0, "damaged": int ≥ 0 (≤ received)}], each
    product once and on the plan. Good units (received − damaged) go on hand at the hub.
    A count with a `reference` already recorded for this shipment is not applied again
    (the first receipt is returned). Raises InvalidInput per field, Conflict when the
    shipment is no longer open.

    Each line is received once, by the plan's freight delivery (`source` delivery) or by
    the warehouse's count, whichever comes first: a count of a line the delivery received
    is refused with Conflict naming the lines; a delivery adds nothing for lines the
    warehouse has counted.
    """
    shipment = InboundShipment.objects.for_seller(seller).select_for_update().get(pk=shipment.pk)
    reference = (reference or "").strip()
    if reference:
        previous = (
            InboundReceipt.objects.for_seller(seller).filter(shipment=shipment, reference=reference).first()
        )
        if previous is not None:
            return previous
    _refuse_count_of_delivered_lines(seller, shipment, counts, source)
    if not shipment.is_open:
        raise Conflict(
            _("Inbound shipment %(ref)s is %(status)s; it takes no more counts.")
            % {"ref": shipment.reference, "status": shipment.get_status_display()}
        )
    lines = {
        line.product_id: line
        for line in InboundLine.objects.for_seller(seller).filter(shipment=shipment).select_related("product")
    }
    errors = []
    parsed: list[tuple[InboundLine, int, int]] = []
    seen = set()
    if not counts:
        raise InvalidInput(fields={"lines": [_("At least one counted line.")]})
    if received_at is not None and received_at > timezone.now():
        raise InvalidInput(fields={"received_at": [_("A receiving date cannot lie in the future.")]})
    for number, count in enumerate(counts, start=1):
        product_id = whole_number(count.get("product"))
        received = whole_number(count.get("received"))
        damaged = whole_number(count.get("damaged", 0))
        line = lines.get(product_id)
        if line is None:
            errors.append(_("Line %(n)d: the product is not on this inbound plan.") % {"n": number})
        elif product_id in seen:
            errors.append(_("Line %(n)d: the product is counted twice.") % {"n": number})
        if received is None or received < 0:
            errors.append(_("Line %(n)d: received must be a whole number, 0 or more.") % {"n": number})
        elif damaged is None or damaged < 0 or damaged > received:
            errors.append(_("Line %(n)d: damaged must be a whole number from 0 to received.") % {"n": number})
        seen.add(product_id)
        if line is not None and not errors:
            parsed.append((line, received, damaged))
    if errors:
        raise InvalidInput(fields={"lines": errors})

    if source == InboundReceipt.Source.DELIVERY:
        # Lines the warehouse has counted already are not received again by the delivery.
        counted = _products_received_by(seller, shipment, delivery=False)
        parsed = [(line, r, d) for line, r, d in parsed if line.product_id not in counted]

    receipt = InboundReceipt.objects.for_seller(seller).create(
        seller=seller,
        shipment=shipment,
        source=source,
        reference=reference,
        lines=[
            {"product": line.product_id, "sku": line.product.sku, "received": r, "damaged": d}
            for line, r, d in parsed
        ],
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        api_key=api_key,
    )
    cause_type = CauseType.PARTNER if source == InboundReceipt.Source.PARTNER else CauseType.INBOUND
    ledger.lock_balances(seller, [(line.product_id, shipment.node_id) for line, _r, _d in parsed])
    for line, received, damaged in parsed:
        outstanding = max(line.quantity_expected - line.quantity_received, 0)
        from_inbound = min(received, outstanding)
        good = received - damaged
        key = f"inbound-receipt:{receipt.pk}:line:{line.pk}"
        if good:
            ledger.receive(
                seller,
                line.product,
                shipment.node,
                good,
                cause_type=cause_type,
                cause_ref=f"inbound:{shipment.pk}",
                cause_key=key,
                from_inbound=from_inbound,
                actor=actor,
                effective_at=received_at,
            )
        elif from_inbound:
            ledger.cancel_inbound(
                seller,
                line.product,
                shipment.node,
                from_inbound,
                cause_type=cause_type,
                cause_ref=f"inbound:{shipment.pk}",
                cause_key=key,
                actor=actor,
            )
        InboundLine.objects.for_seller(seller).filter(pk=line.pk).update(
            quantity_received=F("quantity_received") + received,
            quantity_damaged=F("quantity_damaged") + damaged,
        )
    complete = (
        not InboundLine.objects.for_seller(seller)
        .filter(shipment=shipment, quantity_received__lt=F("quantity_expected"))
        .exists()
    )
    shipment.status = (
        InboundShipment.Status.RECEIVED if complete else InboundShipment.Status.PARTIALLY_RECEIVED
    )
    shipment.received_at = (received_at or timezone.now()) if complete else None
    shipment.save(update_fields=["status", "received_at"])
    return receipt


@retry_on_conflict
@transaction.atomic
def close_inbound(*, seller: Seller, shipment: InboundShipment, actor=None) -> InboundShipment:
    """End an open plan: units never received stop counting as inbound at the hub."""
    shipment = InboundShipment.objects.for_seller(seller).select_for_update().get(pk=shipment.pk)
    if not shipment.is_open:
        return shipment
    ledger.lock_balances(
        seller,
        [
            (product_id, shipment.node_id)
            for product_id in InboundLine.objects.for_seller(seller)
            .filter(shipment=shipment)
            .values_list("product_id", flat=True)
        ],
    )
    for line in InboundLine.objects.for_seller(seller).filter(shipment=shipment).select_related("product"):
        if line.quantity_short:
            ledger.cancel_inbound(
                seller,
                line.product,
                shipment.node,
                line.quantity_short,
                cause_ref=f"inbound:{shipment.pk}",
                cause_key=f"inbound:{shipment.pk}:line:{line.product_id}:closed",
                actor=actor,
            )
    shipment.status = InboundShipment.Status.CLOSED
    shipment.save(update_fields=["status"])
    return shipment
