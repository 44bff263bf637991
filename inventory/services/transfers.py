"""Stock transfers between nodes: create, dispatch, cancel, and receive on delivery.

- `create_transfer` records a draft (nothing moves yet): the lines are checked against
  what is available at the source now, so a seller learns at once that stock is short.
- `dispatch_transfer` books the freight (a logistics shipment with purpose `transfer`
  whose `source_reference` is the transfer's reference) and moves the units in the ledger
  in the same transaction: `transfer_out` at the source (off hand) and `in_transit` at the
  destination. Cause keys `transfer:<id>:product:<id>:out` make it once-only.
- `receive_transfer` is called by inventory's `shipment_delivered` receiver: `transfer_in`
  at the destination (in transit → on hand) under `transfer:<id>:product:<id>:in`, and the
  lines' received quantities; a repeated or late "delivered" adds nothing.
- `record_freight_booked` and `return_cancelled_freight` answer logistics' `shipment_booked`
  and `shipment_cancelled` (through inventory's receivers): the booking time is recorded;
  a cancelled freight puts the units back at the source under
  `transfer:<id>:product:<id>:back` and cancels the transfer.
- `close_transfer` ends a transfer received short: the units still counted in transit at
  the destination are written off (a `damage` movement, "lost in transit") under
  `transfer:<id>:product:<id>:lost`.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from inventory.models import Node, StockBalance, Transfer, TransferLine
from inventory.selectors.events import transfer_event
from inventory.services import ledger
from inventory.services.inputs import active_node, too_many_message, too_many_units, whole_number
from listings.models import Product
from logistics.models import Shipment
from logistics.services.shipments import create_shipment
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller
from portal.services.audit import record_audit_event
from portal.services.retry import retry_on_conflict
from portal.services.webhooks import emit_event

MAX_LINES = 500
SHORT_AT_SOURCE = gettext_noop(
    "Line %(n)d: only %(available)d units of %(sku)s are available at %(node)s; you asked for %(q)d."
)
REFERENCE_MAX = Transfer._meta.get_field("reference").max_length


def new_reference() -> str:
    return f"TRF-{timezone.now():%y%m%d}-{secrets.token_hex(3).upper()}"


def _available(seller: Seller, node: Node, product_ids: list[int]) -> dict[int, int]:
    rows = StockBalance.objects.for_seller(seller).filter(node=node, product_id__in=product_ids)
    return {row.product_id: row.available for row in rows}


def _check_reference(seller: Seller, reference: str, errors: dict) -> str:
    reference = (reference or "").strip() or new_reference()
    if len(reference) > REFERENCE_MAX or not all(c.isalnum() or c in "._/-" for c in reference):
        errors["reference"] = [
            _("Up to %(n)d letters, digits and . _ / - characters, for example TRF-2025-001.")
            % {"n": REFERENCE_MAX}
        ]
    elif Transfer.objects.for_seller(seller).filter(reference=reference).exists():
        errors["reference"] = [_("You already have a transfer with this reference.")]
    return reference


@retry_on_conflict
@transaction.atomic
def create_transfer(
    *,
    seller: Seller,
    from_node: Node | str | None,
    to_node: Node | str | None,
    lines: list[dict],
    reference: str = "",
    reason: str = Transfer.Reason.MANUAL,
    notes: str = "",
    created_by=None,
) -> Transfer:
    """Record a draft transfer of `lines` ([{"product": Product or id, "quantity": int ≥ 1}]).

    Nodes are given as Node or code. Raises InvalidInput naming each wrong field: unknown
    node, the same node twice, a product not the seller's, a quantity below 1, or more than
    is available at the source (with the available quantity). Nothing is saved then.
    """
    errors: dict[str, list[str]] = {}
    reference = _check_reference(seller, reference, errors)
    source, destination = active_node(from_node), active_node(to_node)
    if source is None:
        errors["from_node"] = [_("Choose a known, active node to send from, for example GWD-SZX.")]
    if destination is None:
        errors["to_node"] = [_("Choose a known, active node to send to, for example FC-US.")]
    if source is not None and destination is not None and source.pk == destination.pk:
        errors["to_node"] = [_("The destination must be a different node from the source.")]
    reason = (reason or "").strip() or Transfer.Reason.MANUAL
    if len(reason) > 40:
        errors["reason"] = [_("At most 40 characters.")]
    lines = list(lines or [])
    ids = [
        line.get("product").pk if isinstance(line.get("product"), Product) else line.get("product")
        for line in lines
    ]
    products = Product.objects.for_seller(seller).in_bulk(
        [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]
    )
    available = _available(seller, source, list(products)) if source is not None else {}
    line_errors: list[str] = []
    if not lines:
        errors["lines"] = [_("At least one line: a product and how many units.")]
    elif len(lines) > MAX_LINES:
        errors["lines"] = [_("At most %(n)d lines per transfer.") % {"n": MAX_LINES}]
    seen: set = set()
    quantities: list[int] = []
    for number, (line, product_id) in enumerate(zip(lines, ids, strict=True), start=1):
        quantity = whole_number(line.get("quantity"))
        quantities.append(quantity or 0)
        product = products.get(product_id)
        if product is None:
            line_errors.append(_("Line %(n)d: no such product in your catalogue.") % {"n": number})
        elif product_id in seen:
            line_errors.append(_("Line %(n)d: the product is already on another line.") % {"n": number})
        if quantity is None or quantity < 1:
            line_errors.append(_("Line %(n)d: quantity must be a whole number, 1 or more.") % {"n": number})
        elif too_many_units(quantity):
            line_errors.append(_("Line %(n)d: %(rule)s") % {"n": number, "rule": too_many_message()})
        elif product is not None and source is not None and quantity > available.get(product_id, 0):
            line_errors.append(
                _(SHORT_AT_SOURCE)
                % {
                    "n": number,
                    "available": available.get(product_id, 0),
                    "sku": product.sku,
                    "node": source.code,
                    "q": quantity,
                }
            )
        seen.add(product_id)
    if line_errors and "lines" not in errors:
        errors["lines"] = line_errors
    if errors:
        raise InvalidInput(fields=errors)

    transfer = Transfer.objects.for_seller(seller).create(
        seller=seller,
        reference=reference,
        from_node=source,
        to_node=destination,
        reason=reason,
        notes=notes or "",
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    TransferLine.objects.for_seller(seller).bulk_create(
        [
            TransferLine(seller=seller, transfer=transfer, product=products[pid], quantity=quantity)
            for pid, quantity in zip(ids, quantities, strict=True)
        ]
    )
    record_audit_event(
        seller=seller,
        actor=created_by,
        action="inventory.transfer_created",
        summary=f"{transfer.reference}: {source.code} → {destination.code}",
        target=transfer,
    )
    return transfer


def _locked(seller: Seller, transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.for_seller(seller)
        .select_for_update()
        .select_related("from_node", "to_node")
        .get(pk=transfer.pk)
    )


def _lines(seller: Seller, transfer: Transfer) -> list[TransferLine]:
    return list(
        TransferLine.objects.for_seller(seller)
        .filter(transfer=transfer)
        .select_related("product")
        .order_by("pk")
    )


def _out_key(transfer: Transfer, product_id: int) -> str:
    return f"transfer:{transfer.pk}:product:{product_id}:out"


def _in_key(transfer: Transfer, product_id: int) -> str:
    return f"transfer:{transfer.pk}:product:{product_id}:in"


@retry_on_conflict
@transaction.atomic
def dispatch_transfer(
    *,
    seller: Seller,
    transfer: Transfer,
    cartons: list[dict] | None = None,
    lane=None,
    actor=None,
    api_key=None,
) -> Transfer:
    """Send a draft or booked transfer on its way: freight shipment and ledger, all or nothing.

    `cartons`: optional, as logistics takes them (weight_g, length_mm, width_mm, height_mm…).
    A transfer already on its way (or received) is returned unchanged; a cancelled one is a
    Conflict. Too few units available at the source now → InsufficientStock (409), nothing
    changed.
    """
    transfer = _locked(seller, transfer)
    if transfer.status in (Transfer.Status.IN_TRANSIT, Transfer.Status.RECEIVED):
        return transfer
    if transfer.status == Transfer.Status.CANCELLED:
        raise Conflict(
            _("Transfer %(r)s is cancelled; it cannot be dispatched.") % {"r": transfer.reference},
            fields={"status": [_("Cancelled transfers stay cancelled.")]},
        )
    lines = _lines(seller, transfer)
    source, destination = transfer.from_node, transfer.to_node
    ledger.lock_balances(
        seller, [(line.product_id, node.pk) for line in lines for node in (source, destination)]
    )
    for line in lines:
        ledger.transfer_out(
            seller,
            line.product,
            source,
            line.quantity,
            destination=destination,
            cause_ref=f"transfer:{transfer.reference}",
            cause_key=_out_key(transfer, line.product_id),
            actor=actor,
        )
    shipment = create_shipment(
        seller=seller,
        purpose=Shipment.Purpose.TRANSFER,
        lane=lane,
        source_reference=transfer.reference,
        origin_country=source.country,
        destination_country=destination.country,
        destination_code=destination.code,
        origin_address=source.name,
        destination_address=destination.name,
        notes=transfer.notes,
        cartons=[{**carton, "marks": carton.get("marks") or transfer.reference} for carton in cartons or []],
        items=[{"product_id": line.product_id, "quantity": line.quantity} for line in lines],
        actor=actor,
        api_key=api_key,
    )
    transfer.shipment = shipment
    transfer.status = Transfer.Status.IN_TRANSIT
    transfer.dispatched_at = timezone.now()
    transfer.save(update_fields=["shipment", "status", "dispatched_at", "updated_at"])
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.transfer_dispatched",
        summary=f"{transfer.reference} on {shipment.reference}",
        target=transfer,
    )
    return transfer


@retry_on_conflict
@transaction.atomic
def cancel_transfer(*, seller: Seller, transfer: Transfer, actor=None, api_key=None) -> Transfer:
    """Cancel a transfer before dispatch (no stock has moved). Later → Conflict."""
    transfer = _locked(seller, transfer)
    if transfer.status == Transfer.Status.CANCELLED:
        return transfer
    if not transfer.can_cancel:
        raise Conflict(
            _("Transfer %(r)s is %(s)s; only a transfer not yet dispatched can be cancelled.")
            % {"r": transfer.reference, "s": transfer.get_status_display()},
            fields={"status": [_("Only draft or booked transfers can be cancelled.")]},
        )
    transfer.status = Transfer.Status.CANCELLED
    transfer.cancelled_at = timezone.now()
    transfer.save(update_fields=["status", "cancelled_at", "updated_at"])
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.transfer_cancelled",
        summary=transfer.reference,
        target=transfer,
    )
    return transfer


@retry_on_conflict
@transaction.atomic
def receive_transfer(
    *, seller: Seller, transfer: Transfer, quantities: dict[int, int], received_at=None
) -> bool:
    """The transfer's freight was delivered: put the units on hand at its destination, once.

    `quantities`: units per product id that the delivered shipment carried. Only products on
    the transfer are received, at most what was dispatched per line. Returns False when the
    transfer was received (or never dispatched) already, in which case nothing changes.
    """
    transfer = _locked(seller, transfer)
    if transfer.status != Transfer.Status.IN_TRANSIT:
        return False
    lines = _lines(seller, transfer)
    ledger.lock_balances(seller, [(line.product_id, transfer.to_node_id) for line in lines])
    for line in lines:
        quantity = min(max(quantities.get(line.product_id, 0), 0), line.quantity)
        if quantity:
            ledger.transfer_in(
                seller,
                line.product,
                transfer.to_node,
                quantity,
                cause_ref=f"transfer:{transfer.reference}",
                cause_key=_in_key(transfer, line.product_id),
            )
        line.quantity_received = quantity
    TransferLine.objects.for_seller(seller).bulk_update(lines, ["quantity_received"])
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_at = received_at or timezone.now()
    transfer.save(update_fields=["status", "received_at", "updated_at"])
    emit_event(
        seller=seller,
        type="transfer.received",
        payload=lambda: transfer_event(seller=seller, transfer=transfer),
    )
    record_audit_event(
        seller=seller,
        action="inventory.transfer_received",
        summary=f"{transfer.reference} at {transfer.to_node.code}",
        target=transfer,
    )
    return True


def _is_its_freight(transfer: Transfer, shipment) -> bool:
    return transfer.shipment_id is not None and transfer.shipment_id == shipment.pk


@retry_on_conflict
@transaction.atomic
def record_freight_booked(*, seller: Seller, transfer: Transfer, shipment) -> bool:
    """The transfer's freight shipment was booked with the carrier: record when, once.

    The status does not change (the units are in transit since dispatch). Returns False when
    the shipment is not this transfer's freight or the booking was recorded already.
    """
    transfer = _locked(seller, transfer)
    if not _is_its_freight(transfer, shipment) or transfer.booked_at is not None:
        return False
    transfer.booked_at = shipment.booked_at or timezone.now()
    transfer.save(update_fields=["booked_at", "updated_at"])
    record_audit_event(
        seller=seller,
        action="inventory.transfer_booked",
        summary=f"{transfer.reference} on {shipment.reference}",
        target=transfer,
    )
    return True


@retry_on_conflict
@transaction.atomic
def return_cancelled_freight(*, seller: Seller, transfer: Transfer, shipment) -> bool:
    """The freight of a dispatched transfer was cancelled before it moved: units back at the source.

    For each line, `transfer_back`: off the destination's in-transit count, on hand at the
    source again, under cause key `transfer:<id>:product:<id>:back` (once only); the
    transfer is cancelled. Returns False (nothing changes) when the shipment is not this
    transfer's freight or the transfer is not in transit (already cancelled or received).
    """
    transfer = _locked(seller, transfer)
    if not _is_its_freight(transfer, shipment) or transfer.status != Transfer.Status.IN_TRANSIT:
        return False
    lines = _lines(seller, transfer)
    ledger.lock_balances(
        seller,
        [
            (line.product_id, node_id)
            for line in lines
            for node_id in (transfer.from_node_id, transfer.to_node_id)
        ],
    )
    for line in lines:
        ledger.transfer_back(
            seller,
            line.product,
            transfer.from_node,
            line.quantity,
            destination=transfer.to_node,
            cause_ref=f"transfer:{transfer.reference}",
            cause_key=f"transfer:{transfer.pk}:product:{line.product_id}:back",
        )
    transfer.status = Transfer.Status.CANCELLED
    transfer.cancelled_at = timezone.now()
    transfer.save(update_fields=["status", "cancelled_at", "updated_at"])
    record_audit_event(
        seller=seller,
        action="inventory.transfer_freight_cancelled",
        summary=f"{transfer.reference}: {shipment.reference} cancelled, units back at "
        f"{transfer.from_node.code}",
        target=transfer,
    )
    return True


@retry_on_conflict
@transaction.atomic
def close_transfer(
    *, seller: Seller, transfer: Transfer, actor=None, reason: str = "", api_key=None
) -> Transfer:
    """Close a transfer received short: write off the units that will not arrive.

    Per line, the units neither received nor lost yet (`quantity_short`) are written off at
    the destination as a `damage` movement off its in-transit count (at most what that count
    holds), with the reason (default "lost in transit"), under cause key
    `transfer:<id>:product:<id>:lost`; the line's `quantity_lost` records them. A closed
    transfer is returned unchanged; one not received, or received in full, is a Conflict.
    """
    reason = (reason or "").strip()
    if len(reason) > 300:
        raise InvalidInput(fields={"reason": [_("At most 300 characters.")]})
    transfer = _locked(seller, transfer)
    if transfer.closed_at is not None:
        return transfer
    lines = _lines(seller, transfer)
    short = [line for line in lines if line.quantity_short]
    if transfer.status != Transfer.Status.RECEIVED or not short:
        raise Conflict(
            _("Transfer %(r)s is %(s)s; only a transfer received short can be closed.")
            % {"r": transfer.reference, "s": transfer.get_status_display()},
            fields={"status": [_("Only a received transfer with units missing can be closed.")]},
        )
    reason = reason or _("lost in transit")
    ledger.lock_balances(seller, [(line.product_id, transfer.to_node_id) for line in short])
    balances = {
        row.product_id: row.in_transit
        for row in StockBalance.objects.for_seller(seller).filter(
            node=transfer.to_node, product_id__in=[line.product_id for line in short]
        )
    }
    for line in short:
        missing = line.quantity_short
        written_off = min(missing, balances.get(line.product_id, 0))
        if written_off:
            ledger.lose_in_transit(
                seller,
                line.product,
                transfer.to_node,
                written_off,
                reason=reason,
                cause_ref=f"transfer:{transfer.reference}",
                cause_key=f"transfer:{transfer.pk}:product:{line.product_id}:lost",
                actor=actor,
            )
        line.quantity_lost += missing
    TransferLine.objects.for_seller(seller).bulk_update(short, ["quantity_lost"])
    transfer.closed_at = timezone.now()
    transfer.close_reason = reason[:300]
    transfer.save(update_fields=["closed_at", "close_reason", "updated_at"])
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.transfer_closed",
        summary=f"{transfer.reference}: {sum(line.quantity_lost for line in short)} units lost ({reason})",
        target=transfer,
    )
    return transfer
