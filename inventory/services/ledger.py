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

Lock order: a service that changes several balances in one transaction locks them first
with `lock_balances` (primary-key order), after the rows of the tables before them in the
global order of docs/locking.md, so two such transactions never wait for each other in a
circle.
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
from portal.exceptions import Conflict, InvalidInput, PermissionDenied
from portal.models import Membership, Seller
from portal.numbers import MAX_QUANTITY


@dataclass(frozen=True)
class _Deltas:
    on_hand: int = 0
    reserved: int = 0
    inbound: int = 0
    in_transit: int = 0


def _check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise InvalidInput(fields={"quantity": [_("A whole number of units, 1 or more.")]})
    if quantity > MAX_QUANTITY:
        raise InvalidInput(fields={"quantity": [_("At most %(max)s units.") % {"max": f"{MAX_QUANTITY:,}"}]})


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


def lock_balances(seller: Seller, pairs) -> None:
    """Lock the balance rows of `pairs` ((product id, node id)) in primary-key order,
    creating the missing ones first; the locks last until the caller's transaction ends.

    Call it before changing more than one balance in a transaction (must run inside
    atomic()): each later UPDATE then finds its row already locked by this transaction.
    """
    pairs = sorted({(int(p), int(n)) for p, n in pairs})
    if not pairs:
        return
    _ensure_balances(seller, pairs)
    product_ids = {p for p, _n in pairs}
    node_ids = {n for _p, n in pairs}
    list(
        _balances(seller)
        .filter(product_id__in=product_ids, node_id__in=node_ids)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _existing(seller: Seller, cause_key: str | None) -> StockMovement | None:
    if cause_key is None:
        return None
    return StockMovement.objects.for_seller(seller).filter(cause_key=cause_key).first()


# What each guarded state must still hold, as the condition of the balance UPDATE.
_GUARDS = {
    "available": lambda n: Q(on_hand__gte=F("reserved") + n),
    "reserved": lambda n: Q(reserved__gte=n),
    "inbound": lambda n: Q(inbound__gte=n),
    "in transit": lambda n: Q(in_transit__gte=n),
}


def _write(
    seller: Seller,
    product: Product,
    node: Node,
    kind: str,
    quantity: int,
    deltas: _Deltas,
    *,
    needs: tuple[str, int] | None = None,
    keep_available: int = 0,
    cause_type: str,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
    reason: str = "",
    effective_at: datetime | None = None,
) -> StockMovement:
    """Insert the movement, then apply the deltas; must run inside atomic().

    `needs=(state, n)`: the balance must hold `n` units in `state` (plus `keep_available`
    for "available"), checked in the same conditional UPDATE; otherwise InsufficientStock.
    """
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
    if needs is not None:
        state, needed = needs
        rows = rows.filter(_GUARDS[state](needed + (keep_available if state == "available" else 0)))
    changed = rows.update(**updates) if updates else rows.count()
    if changed != 1:
        raise _refusal(seller, product, node, *needs)
    return movement


def _refusal(seller, product, node, state: str, requested: int) -> InsufficientStock:
    balance = _balances(seller).filter(product=product, node=node).first()
    have = 0 if balance is None else getattr(balance, state.replace(" ", "_"))
    return InsufficientStock(
        sku=product.sku, node=node.code, requested=requested, available=have, state=state
    )


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
    deltas = _Deltas(on_hand=quantity, inbound=-inbound_drop, in_transit=-transit_drop)
    return _write(
        seller, product, node, kind, quantity, deltas,
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key,
        actor=actor, reason=reason, effective_at=effective_at,
    )  # fmt: skip


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
        seller, product, node, MovementKind.RESERVATION, quantity, _Deltas(reserved=quantity),
        needs=("available", quantity), keep_available=max(keep_available, 0),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
    )  # fmt: skip


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
        seller, product, node, MovementKind.RELEASE, quantity, _Deltas(reserved=-quantity),
        needs=("reserved", quantity),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
    )  # fmt: skip


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
        seller, product, node, MovementKind.SHIPMENT_OUT, quantity,
        _Deltas(on_hand=-quantity, reserved=-quantity), needs=("reserved", quantity),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
    )  # fmt: skip


def check_adjuster(seller: Seller, actor, api_key=None) -> None:
    if api_key is not None:
        # A partner's key speaks for its seller when it holds the inventory write scope.
        if api_key.seller_id != seller.pk or "inventory:write" not in (api_key.scopes or []):
            raise PermissionDenied(_("This API key may not change this seller's stock."))
        return
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
    api_key=None,
) -> StockMovement:
    """Correct on-hand units by a signed `quantity` (a count found more or fewer units).

    Needs a reason and an actor with a writer role (or platform staff), or a partner's API
    key with the inventory write scope; a decrease is refused below what is reserved.
    """
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity == 0:
        raise InvalidInput(
            fields={"quantity": [_("A whole number of units other than 0 (negative to remove).")]}
        )
    if abs(quantity) > MAX_QUANTITY:
        raise InvalidInput(fields={"quantity": [_("At most %(max)s units.") % {"max": f"{MAX_QUANTITY:,}"}]})
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the count changes (for example: cycle count).")]})
    check_adjuster(seller, actor, api_key)
    return _write(
        seller, product, node, MovementKind.ADJUSTMENT, abs(quantity), _Deltas(on_hand=quantity),
        needs=None if quantity > 0 else ("available", -quantity),
        cause_type=CauseType.USER if api_key is None else CauseType.PARTNER,
        cause_ref=f"user:{actor.pk}" if api_key is None else f"api-key:{api_key.pk}",
        cause_key=cause_key, actor=actor, reason=reason.strip(),
    )  # fmt: skip


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
        seller, product, node, MovementKind.DAMAGE, quantity, _Deltas(on_hand=-quantity),
        needs=("available", quantity),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
        reason=reason.strip(),
    )  # fmt: skip


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
    reason: str = "",
) -> StockMovement:
    """A customer return in sellable condition: `quantity` units back on hand at the node."""
    _check_quantity(quantity)
    return _write(
        seller, product, node, MovementKind.RETURN, quantity, _Deltas(on_hand=quantity),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
        reason=(reason or "").strip(),
    )  # fmt: skip


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
    lock_balances(seller, [(product.pk, node.pk), (product.pk, destination.pk)])
    out = _write(
        seller, product, node, MovementKind.TRANSFER_OUT, quantity, _Deltas(on_hand=-quantity),
        needs=("available", quantity), cause_type=CauseType.TRANSFER,
        cause_ref=cause_ref or f"to:{destination.code}", cause_key=cause_key, actor=actor,
    )  # fmt: skip
    _write(
        seller, product, destination, MovementKind.IN_TRANSIT, quantity, _Deltas(in_transit=quantity),
        cause_type=CauseType.TRANSFER, cause_ref=cause_ref or f"from:{node.code}",
        cause_key=f"{cause_key}:in_transit" if cause_key else None, actor=actor,
    )  # fmt: skip
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
def transfer_back(
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
    """Undo a `transfer_out` whose freight never left: units back on hand at the source `node`.

    Two movements in one transaction: `in_transit` at `destination` (its in-transit count
    down by `quantity`, refused below zero) and `transfer_in` at the source (on hand up).
    Returns the source's movement.
    """
    _check_quantity(quantity)
    lock_balances(seller, [(product.pk, node.pk), (product.pk, destination.pk)])
    _write(
        seller, product, destination, MovementKind.IN_TRANSIT, quantity, _Deltas(in_transit=-quantity),
        needs=("in transit", quantity), cause_type=CauseType.TRANSFER,
        cause_ref=cause_ref or f"back-to:{node.code}",
        cause_key=f"{cause_key}:in_transit" if cause_key else None, actor=actor,
    )  # fmt: skip
    return _write(
        seller, product, node, MovementKind.TRANSFER_IN, quantity, _Deltas(on_hand=quantity),
        cause_type=CauseType.TRANSFER, cause_ref=cause_ref or f"back-from:{destination.code}",
        cause_key=cause_key, actor=actor,
    )  # fmt: skip


@transaction.atomic
def lose_in_transit(
    seller: Seller,
    product: Product,
    node: Node,
    quantity: int,
    *,
    reason: str,
    cause_ref: str = "",
    cause_key: str | None = None,
    actor=None,
) -> StockMovement:
    """Write off `quantity` units counted in transit to `node` that will never arrive (kind damage)."""
    _check_quantity(quantity)
    if not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say why the units are written off.")]})
    return _write(
        seller, product, node, MovementKind.DAMAGE, quantity, _Deltas(in_transit=-quantity),
        needs=("in transit", quantity), cause_type=CauseType.TRANSFER,
        cause_ref=cause_ref, cause_key=cause_key, actor=actor, reason=reason.strip(),
    )  # fmt: skip


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
        seller, product, node, MovementKind.INBOUND_EXPECTED, quantity, _Deltas(inbound=quantity),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
    )  # fmt: skip


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
        seller, product, node, MovementKind.INBOUND_CANCELLED, quantity, _Deltas(inbound=-quantity),
        needs=("inbound", quantity),
        cause_type=cause_type, cause_ref=cause_ref, cause_key=cause_key, actor=actor,
    )  # fmt: skip


# Bulk ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovementSpec:
    """One movement for `apply_movements`: its kind, quantity, signed deltas and cause.

    Build the common ones with `MovementSpec.receipt(...)` / `MovementSpec.shipment(...)`,
    or give the deltas directly (an adjustment is `on_hand_delta=±n`).
    """

    product: Product
    node: Node
    kind: str
    quantity: int
    cause_type: str
    on_hand_delta: int = 0
    reserved_delta: int = 0
    inbound_delta: int = 0
    in_transit_delta: int = 0
    cause_ref: str = ""
    cause_key: str | None = None
    reason: str = ""
    effective_at: datetime | None = None

    @classmethod
    def receipt(cls, product: Product, node: Node, quantity: int, **kwargs) -> MovementSpec:
        kwargs.setdefault("cause_type", CauseType.INBOUND)
        return cls(product, node, MovementKind.RECEIPT, quantity, on_hand_delta=quantity, **kwargs)

    @classmethod
    def shipment(cls, product: Product, node: Node, quantity: int, **kwargs) -> MovementSpec:
        kwargs.setdefault("cause_type", CauseType.ORDER)
        return cls(
            product,
            node,
            MovementKind.SHIPMENT_OUT,
            quantity,
            on_hand_delta=-quantity,
            reserved_delta=-quantity,
            **kwargs,
        )

    def deltas(self) -> tuple[int, int, int, int]:
        return (self.on_hand_delta, self.reserved_delta, self.inbound_delta, self.in_transit_delta)


@dataclass(frozen=True)
class BulkResult:
    """What `apply_movements` did: the movements written, the cause keys skipped as known."""

    written: list[StockMovement]
    skipped_keys: list[str]


_BULK_FIELDS = ("on_hand", "reserved", "inbound", "in_transit")
_VALUES_CHUNK = 5000
_KEY_CHUNK = 10_000


class InsufficientStockBatch(Conflict):
    """A bulk batch would take some balance below zero; nothing of the batch was applied."""

    code = "insufficient_stock"

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(
            _("The batch was refused: %(n)d balance(s) would go below zero. Nothing was applied.")
            % {"n": len(messages)},
            fields={"movements": messages},
        )


def _is_count(value, *, signed: bool) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (signed or value > 0)
        and abs(value) <= MAX_QUANTITY
    )


def _validate_specs(seller: Seller, specs: list[MovementSpec]) -> None:
    errors: list[str] = []
    keys: set[str] = set()
    for number, spec in enumerate(specs, start=1):
        label = _("Row %(n)d") % {"n": number}
        if spec.product.seller_id != seller.pk:
            errors.append(_("%(row)s: no such product.") % {"row": label})
        if spec.kind not in MovementKind.values:
            errors.append(_("%(row)s: kind must be one of the movement kinds.") % {"row": label})
        if spec.cause_type not in CauseType.values:
            errors.append(_("%(row)s: cause must be one of the cause types.") % {"row": label})
        if not _is_count(spec.quantity, signed=False):
            errors.append(_("%(row)s: quantity must be a whole number, 1 or more.") % {"row": label})
        if not all(_is_count(d, signed=True) for d in spec.deltas()) or not any(spec.deltas()):
            errors.append(_("%(row)s: the changes must be whole numbers, not all 0.") % {"row": label})
        if spec.effective_at is not None and (
            timezone.is_naive(spec.effective_at) or spec.effective_at > timezone.now()
        ):
            errors.append(_("%(row)s: the date must have a time zone and not lie ahead.") % {"row": label})
        if spec.cause_key is not None:
            if spec.cause_key in keys:
                errors.append(_("%(row)s: the cause key appears twice in the batch.") % {"row": label})
            keys.add(spec.cause_key)
    if errors:
        raise InvalidInput(fields={"movements": errors})


def _known_keys(seller: Seller, keys: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        known.update(
            StockMovement.objects.for_seller(seller)
            .filter(cause_key__in=chunk)
            .values_list("cause_key", flat=True)
        )
    return known


def _ensure_balances(seller: Seller, pairs: list[tuple[int, int]]) -> None:
    """Create the missing (empty) balance rows of `pairs` in bulk."""
    product_ids = {p for p, _n in pairs}
    node_ids = {n for _p, n in pairs}
    existing = set(
        _balances(seller)
        .filter(product_id__in=product_ids, node_id__in=node_ids)
        .values_list("product_id", "node_id")
    )
    missing = [pair for pair in pairs if pair not in existing]
    if missing:
        _balances(seller).bulk_create(
            [StockBalance(seller=seller, product_id=p, node_id=n) for p, n in missing],
            ignore_conflicts=True,
            batch_size=_VALUES_CHUNK,
        )


def _apply_sums_postgres(seller: Seller, sums: dict[tuple[int, int], list[int]]) -> set[tuple[int, int]]:
    """One conditional UPDATE … FROM (VALUES …) per chunk; returns the pairs it changed.

    The WHERE clause keeps every field ≥ 0 and reserved ≤ on hand; PostgreSQL re-checks it
    on the newest row version when a concurrent writer got there first, so no balance can
    go negative even under concurrency.
    """
    from django.db import connection

    table = connection.ops.quote_name(StockBalance._meta.db_table)
    changed: set[tuple[int, int]] = set()
    items = list(sums.items())
    for start in range(0, len(items), _VALUES_CHUNK):
        chunk = items[start : start + _VALUES_CHUNK]
        rows = ", ".join(
            ["(%s::bigint, %s::bigint, %s::integer, %s::integer, %s::integer, %s::integer)"] * len(chunk)
        )
        params: list[int] = []
        for (product_id, node_id), deltas in chunk:
            params.extend([product_id, node_id, *deltas])
        sql = (
            f"UPDATE {table} AS b SET on_hand = b.on_hand + v.dh, reserved = b.reserved + v.dr, "
            "inbound = b.inbound + v.di, in_transit = b.in_transit + v.dt, updated_at = now() "
            f"FROM (VALUES {rows}) AS v(product_id, node_id, dh, dr, di, dt) "
            "WHERE b.seller_id = %s AND b.product_id = v.product_id AND b.node_id = v.node_id "
            "AND b.on_hand + v.dh >= 0 AND b.reserved + v.dr >= 0 AND b.inbound + v.di >= 0 "
            "AND b.in_transit + v.dt >= 0 AND b.on_hand + v.dh >= b.reserved + v.dr "
            "RETURNING b.product_id, b.node_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, seller.pk])
            changed.update((row[0], row[1]) for row in cursor.fetchall())
    return changed


def _apply_sums_generic(seller: Seller, sums: dict[tuple[int, int], list[int]]) -> set[tuple[int, int]]:
    """Lock the balances, add the sums in Python, write back with bulk_update (SQLite & co)."""
    product_ids = {p for p, _n in sums}
    node_ids = {n for _p, n in sums}
    rows = {
        (b.product_id, b.node_id): b
        for b in _balances(seller)
        .select_for_update()
        .filter(product_id__in=product_ids, node_id__in=node_ids)
    }
    changed, updated = set(), []
    now = timezone.now()
    for pair, deltas in sums.items():
        balance = rows[pair]
        values = [getattr(balance, f) + d for f, d in zip(_BULK_FIELDS, deltas, strict=True)]
        if min(values) < 0 or values[1] > values[0]:
            continue
        for field, value in zip(_BULK_FIELDS, values, strict=True):
            setattr(balance, field, value)
        balance.updated_at = now
        updated.append(balance)
        changed.add(pair)
    StockBalance.objects.for_seller(seller).bulk_update(
        updated, [*_BULK_FIELDS, "updated_at"], batch_size=_VALUES_CHUNK
    )
    return changed


def _refuse_batch(seller: Seller, specs, sums, refused: set[tuple[int, int]]) -> None:
    balances = {
        (b.product_id, b.node_id): b
        for b in _balances(seller)
        .filter(product_id__in={p for p, _n in refused}, node_id__in={n for _p, n in refused})
        .select_related("product", "node")
    }
    messages = []
    for pair in sorted(refused):
        rows = [
            str(number)
            for number, spec in enumerate(specs, start=1)
            if (spec.product.pk, spec.node.pk) == pair
        ]
        balance = balances.get(pair)
        sku = balance.product.sku if balance else str(pair[0])
        node_code = balance.node.code if balance else str(pair[1])
        have = [getattr(balance, f) if balance else 0 for f in _BULK_FIELDS]
        after = [h + d for h, d in zip(have, sums[pair], strict=True)]
        messages.append(
            _(
                "Rows %(rows)s (%(sku)s at %(node)s): would leave %(on_hand)d on hand, "
                "%(reserved)d reserved, %(inbound)d inbound, %(in_transit)d in transit; "
                "none may go below 0 and reserved may not exceed on hand."
            )
            % {
                "rows": ", ".join(rows[:20]) + ("…" if len(rows) > 20 else ""),
                "sku": sku,
                "node": node_code,
                "on_hand": after[0],
                "reserved": after[1],
                "inbound": after[2],
                "in_transit": after[3],
            }
        )
    raise InsufficientStockBatch(messages)


def apply_movements(seller: Seller, movements: list[MovementSpec], *, actor=None) -> BulkResult:
    """Write many movements and apply their summed deltas to the balances, all or nothing.

    - Movements whose `cause_key` the ledger knows already are skipped (idempotent replays).
    - Missing balance rows are created in bulk; the deltas are summed per (product, node)
      and applied with one conditional UPDATE … FROM (VALUES …) per 5,000 balances on
      PostgreSQL (locked rows and bulk_update elsewhere).
    - If any balance would go below zero (or reserved above on hand), the whole batch is
      refused with `InsufficientStockBatch` naming the offending rows, and nothing changes.
    - Bad specs (another seller's product, unknown kind or cause, quantity < 1, a key twice)
      raise InvalidInput naming each row, before anything is written.

    A concurrent writer inserting one of the batch's cause keys between the check and the
    insert makes the insert fail with IntegrityError; the whole batch rolls back and may be
    retried (its known keys are then skipped).
    """
    from django.db import connection

    movements = list(movements)
    _validate_specs(seller, movements)
    with transaction.atomic():
        keys = [m.cause_key for m in movements if m.cause_key is not None]
        known = _known_keys(seller, keys) if keys else set()
        todo = [m for m in movements if m.cause_key is None or m.cause_key not in known]
        if not todo:
            return BulkResult(written=[], skipped_keys=sorted(known))
        actor_value = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        now = timezone.now()
        rows = [
            StockMovement(
                seller=seller,
                product=spec.product,
                node=spec.node,
                kind=spec.kind,
                quantity=spec.quantity,
                on_hand_delta=spec.on_hand_delta,
                reserved_delta=spec.reserved_delta,
                inbound_delta=spec.inbound_delta,
                in_transit_delta=spec.in_transit_delta,
                cause_type=spec.cause_type,
                cause_ref=spec.cause_ref[:100],
                cause_key=spec.cause_key,
                actor=actor_value,
                reason=spec.reason[:300],
                created_at=now,
                effective_at=spec.effective_at or now,
            )
            for spec in todo
        ]
        StockMovement.objects.for_seller(seller).bulk_create(rows, batch_size=_VALUES_CHUNK)
        sums: dict[tuple[int, int], list[int]] = {}
        for spec in todo:
            total = sums.setdefault((spec.product.pk, spec.node.pk), [0, 0, 0, 0])
            for index, delta in enumerate(spec.deltas()):
                total[index] += delta
        # Locked in primary-key order first: the UPDATE … FROM joins in whatever order its
        # plan picks, and two batches locking in different orders would deadlock.
        lock_balances(seller, list(sums))
        if connection.vendor == "postgresql":
            changed = _apply_sums_postgres(seller, sums)
        else:
            changed = _apply_sums_generic(seller, sums)
        refused = set(sums) - changed
        if refused:
            _refuse_batch(seller, todo, sums, refused)
    return BulkResult(written=rows, skipped_keys=sorted(known))
