"""The stock ledger: the only code that changes stock balances.

Every function writes one append-only `StockMovement` and updates the balance row in the
same transaction. Guards are conditional UPDATEs (`... WHERE on_hand - reserved >= q`),
their row count checked, so concurrent callers never oversell and never read-modify-write;
the CHECK constraints on `StockBalance` are the backstop.

Idempotency: a call with a `cause_key` that was already applied changes nothing and
returns the movement it first wrote. The movement row is inserted first (its unique
`cause_key` serialises concurrent duplicates), then the balance is updated; a refused
guard rolls both back.

All functions take keyword-only arguments after the positional `seller, product, node,
quantity` and return the `StockMovement` written (or found, for a repeated cause).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.exceptions import InsufficientStock
from inventory.models import CauseType, MovementKind, Node, StockBalance, StockMovement
from listings.models import Product
from portal.exceptions import InvalidInput, PermissionDenied
from portal.models import Membership, Seller


@dataclass(frozen=True)
class _Deltas:
    on_hand: int = 0
    reserved: int = 0
    inbound: int = 0
    in_transit: int = 0


def _check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise InvalidInput(fields={"quantity": [_("A whole number of units, 1 or more.")]})


def _check_cause(cause_type: str) -> None:
    if cause_type not in CauseType.values:
        raise InvalidInput(
            fields={"cause_type": [_("One of: %(allowed)s.") % {"allowed": ", ".join(CauseType.values)}]}
        )


def _check_effective_at(effective_at: datetime | None) -> None:
    if effective_at is None:
        return
    if timezone.is_naive(effective_at):
        raise InvalidInput(fields={"effective_at": [_("A date and time with its time zone.")]})
    if effective_at > timezone.now():
        raise InvalidInput(fields={"effective_at": [_("A receiving date cannot lie in the future.")]})


def _check_owner(seller: Seller, product: Product) -> None:
    if product.seller_id != seller.pk:
        # Another seller's product is not found, never touched.
        raise InvalidInput(fields={"product": [_("No such product.")]})


def _balances(seller: Seller):
    return StockBalance.objects.for_seller(seller)


def _ensure_balance(seller: Seller, product: Product, node: Node) -> None:
    """Create the (empty) balance row when missing; concurrent creators are harmless."""
    if not _balances(seller).filter(product=product, node=node).exists():
        _balances(seller).bulk_create(
            [StockBalance(seller=seller, product=product, node=node)], ignore_conflicts=True
        )


def _existing(seller: Seller, cause_key: str | None) -> StockMovement | None:
    if cause_key is None:
        return None
    return StockMovement.objects.for_seller(seller).filter(cause_key=cause_key).first()


def _write(
    *,
    seller: Seller,
    product: Product,
    node: Node,
    kind: str,
    quantity: int,
    deltas: _Deltas,
    guard: Q | None,
    refusal,
    cause_type: str,
    cause_ref: str,
    cause_key: str | None,
    actor=None,
    reason: str = "",
    effective_at: datetime | None = None,
) -> StockMovement:
    """Insert the movement, then apply the deltas under `guard`; must run inside atomic()."""
    _check_owner(seller, product)
    _check_cause(cause_type)
    previous = _existing(seller, cause_key)
    if previous is not None:
        return previous
    _ensure_balance(seller, product, node)
    movement = StockMovement(
        seller=seller,
        product=product,
        node=node,
        kind=kind,
        quantity=quantity,
        on_hand_delta=deltas.on_hand,
        reserved_delta=deltas.reserved,
        inbound_delta=deltas.inbound,
        in_transit_delta=deltas.in_transit,
        cause_type=cause_type,
        cause_ref=cause_ref[:100],
        cause_key=cause_key,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        reason=reason[:300],
    )
    if effective_at is not None:
        movement.effective_at = effective_at
    try:
        with transaction.atomic():
            movement.save()
    except IntegrityError:
        # A concurrent call with the same cause committed first: it is applied already.
        previous = _existing(seller, cause_key)
        if previous is None:
            raise
        return previous
    updates = {}
    for field in ("on_hand", "reserved", "inbound", "in_transit"):
        delta = getattr(deltas, field)
        if delta:
            updates[field] = F(field) + delta
    rows = _balances(seller).filter(product=product, node=node)
    if guard is not None:
        rows = rows.filter(guard)
    changed = rows.update(**updates) if updates else rows.count()
    if changed != 1:
        raise refusal()
    return movement


def _refusal(seller, product, node, requested, state):
    def make():
        balance = _balances(seller).filter(product=product, node=node).first()
        have = 0
        if balance is not None:
            have = {
                "available": balance.available,
                "reserved": balance.reserved,
                "inbound": balance.inbound,
                "in transit": balance.in_transit,
            }[state]
        return InsufficientStock(
            sku=product.sku, node=node.code, requested=requested, available=have, state=state
        )

    return make


def _available_guard(quantity: int, keep_available: int = 0) -> Q:
    return Q(on_hand__gte=F("reserved") + quantity + keep_available)


@transaction.atomic
def receive(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str,
    cause_ref: str = "",
    cause_key: str | None = None,
    from_inbound: int = 0,
    from_in_transit: int = 0,
    kind: str = MovementKind.RECEIPT,
    actor=None,
    reason: str = "",
    effective_at: datetime | None = None,
) -> StockMovement:
    """Put `quantity` good units on hand at `node`.

    `effective_at`: when the units arrived (the receiving date), if earlier than now; the
    pool ages them from it. It may not lie in the future.

    `from_inbound` / `from_in_transit`: how many of the units were announced as inbound or
    in transit to this node; those counters go down by at most what they hold (the row is
    locked to read them), so a receipt never fails for an announcement that was missing.
    """
    _check_quantity(quantity)
    _check_effective_at(effective_at)
    previous = _existing(seller, cause_key)
    if previous is not None:
        return previous
    inbound_drop = transit_drop = 0
    if from_inbound or from_in_transit:
        _ensure_balance(seller, product, node)
        balance = _balances(seller).select_for_update().get(product=product, node=node)
        inbound_drop = min(max(from_inbound, 0), balance.inbound)
        transit_drop = min(max(from_in_transit, 0), balance.in_transit)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=kind,
        quantity=quantity,
        deltas=_Deltas(on_hand=quantity, inbound=-inbound_drop, in_transit=-transit_drop),
        guard=None,
        refusal=None,
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
        reason=reason,
        effective_at=effective_at,
    )


@transaction.atomic
def reserve(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str,
    cause_ref: str = "",
    cause_key: str | None = None,
    keep_available: int = 0,
    actor=None,
) -> StockMovement:
    """Reserve `quantity` available units; raises InsufficientStock when fewer are available.

    `keep_available`: units that must stay available after this reservation (a buffer
    ring-fenced for another channel), checked in the same conditional UPDATE.
    """
    _check_quantity(quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.RESERVATION,
        quantity=quantity,
        deltas=_Deltas(reserved=quantity),
        guard=_available_guard(quantity, max(keep_available, 0)),
        refusal=_refusal(seller, product, node, quantity, "available"),
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )


@transaction.atomic
def release(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Give back `quantity` reserved units (an order cancelled); refused beyond what is reserved."""
    _check_quantity(quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.RELEASE,
        quantity=quantity,
        deltas=_Deltas(reserved=-quantity),
        guard=Q(reserved__gte=quantity),
        refusal=_refusal(seller, product, node, quantity, "reserved"),
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )


@transaction.atomic
def ship(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Shipment confirmed: `quantity` reserved units leave the node (off hand and off reserved)."""
    _check_quantity(quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.SHIPMENT_OUT,
        quantity=quantity,
        deltas=_Deltas(on_hand=-quantity, reserved=-quantity),
        guard=Q(reserved__gte=quantity),
        refusal=_refusal(seller, product, node, quantity, "reserved"),
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )


def _check_adjuster(seller: Seller, actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Adjustments need a signed-in operator, admin or owner."))
    if getattr(actor, "is_staff", False):
        return  # platform operators correct counts from the admin
    membership = Membership.objects.filter(user=actor, seller=seller).first()
    if membership is None or not membership.can_write:
        raise PermissionDenied(_("Only operators, admins and owners may adjust stock; viewers may not."))


@transaction.atomic
def adjust(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    reason: str,
    actor,
    cause_key: str | None = None,
) -> StockMovement:
    """Correct on-hand units by a signed `quantity` (a count found more or fewer units).

    Needs a reason and an actor with a writer role (or platform staff); a decrease is
    refused below what is reserved.
    """
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity == 0:
        raise InvalidInput(
            fields={"quantity": [_("A whole number of units other than 0 (negative to remove).")]}
        )
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the count changes (for example: cycle count).")]})
    _check_adjuster(seller, actor)
    guard = None if quantity > 0 else _available_guard(-quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.ADJUSTMENT,
        quantity=abs(quantity),
        deltas=_Deltas(on_hand=quantity),
        guard=guard,
        refusal=_refusal(seller, product, node, -quantity, "available"),
        cause_type=CauseType.USER,
        cause_ref=f"user:{actor.pk}",
        cause_key=cause_key,
        actor=actor,
        reason=reason.strip(),
    )


@transaction.atomic
def damage(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    reason: str,
    cause_type: str = CauseType.PARTNER,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Write off `quantity` available units found damaged at the node."""
    _check_quantity(quantity)
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say what was damaged and how.")]})
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.DAMAGE,
        quantity=quantity,
        deltas=_Deltas(on_hand=-quantity),
        guard=_available_guard(quantity),
        refusal=_refusal(seller, product, node, quantity, "available"),
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
        reason=reason.strip(),
    )


@transaction.atomic
def return_(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str = CauseType.ORDER,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """A customer return in sellable condition: `quantity` units back on hand at the node."""
    _check_quantity(quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.RETURN,
        quantity=quantity,
        deltas=_Deltas(on_hand=quantity),
        guard=None,
        refusal=None,
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )


@transaction.atomic
def transfer_out(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    destination: Node,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Dispatch `quantity` available units from `node` towards `destination`.

    Two movements in one transaction: `transfer_out` at the source (off hand) and
    `in_transit` at the destination; `transfer_in` completes it on arrival.
    Returns the source's movement.
    """
    _check_quantity(quantity)
    if destination.pk == node.pk:
        raise InvalidInput(fields={"destination": [_("A different node from the source.")]})
    out = _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.TRANSFER_OUT,
        quantity=quantity,
        deltas=_Deltas(on_hand=-quantity),
        guard=_available_guard(quantity),
        refusal=_refusal(seller, product, node, quantity, "available"),
        cause_type=CauseType.TRANSFER,
        cause_ref=cause_ref or f"to:{destination.code}",
        cause_key=cause_key,
        actor=actor,
    )
    _write(
        seller=seller,
        product=product,
        node=destination,
        kind=MovementKind.IN_TRANSIT,
        quantity=quantity,
        deltas=_Deltas(in_transit=quantity),
        guard=None,
        refusal=None,
        cause_type=CauseType.TRANSFER,
        cause_ref=cause_ref or f"from:{node.code}",
        cause_key=f"{cause_key}:in_transit" if cause_key else None,
        actor=actor,
    )
    return out


@transaction.atomic
def transfer_in(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """A transfer arrived: `quantity` units on hand at `node`, off its in-transit count."""
    return receive(
        seller,
        product,
        node,
        quantity,
        cause_type=CauseType.TRANSFER,
        cause_ref=cause_ref,
        cause_key=cause_key,
        from_in_transit=quantity,
        kind=MovementKind.TRANSFER_IN,
        actor=actor,
    )


@transaction.atomic
def expect_inbound(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str = CauseType.INBOUND,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Announce `quantity` units on their way to `node` (an inbound plan was submitted)."""
    _check_quantity(quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.INBOUND_EXPECTED,
        quantity=quantity,
        deltas=_Deltas(inbound=quantity),
        guard=None,
        refusal=None,
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )


@transaction.atomic
def cancel_inbound(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    cause_type: str = CauseType.INBOUND,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Withdraw `quantity` announced inbound units that will not arrive."""
    _check_quantity(quantity)
    return _write(
        seller=seller,
        product=product,
        node=node,
        kind=MovementKind.INBOUND_CANCELLED,
        quantity=quantity,
        deltas=_Deltas(inbound=-quantity),
        guard=Q(inbound__gte=quantity),
        refusal=_refusal(seller, product, node, quantity, "inbound"),
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )
