"""Stock changes a person or partner records by hand: adjustments, damage and returns.

One entry point for the pool page, the API (`POST /api/v1/stock-adjustments/`) and the
operators' admin form. Each change is one ledger movement with its reason:

- adjustment: a signed quantity (a count found more, or fewer, units; never 0);
- damage: units written off (1 or more), refused beyond what is available;
- return: sellable units back on hand (1 or more).

Only writers (owner, admin, operator), platform staff, or an API key with the
`inventory:write` scope may record them; viewers are refused. A reason is always required.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory.models import CauseType, MovementKind, Node, StockMovement
from inventory.services import ledger
from inventory.services.inputs import active_node, too_many_message, too_many_units, whole_number
from listings.models import Product
from portal.exceptions import InvalidInput
from portal.models import Seller
from portal.services.retry import retry_on_conflict

KINDS = {
    MovementKind.ADJUSTMENT: gettext_lazy("Adjustment (count correction, + or −)"),
    MovementKind.DAMAGE: gettext_lazy("Damage (units written off)"),
    MovementKind.RETURN: gettext_lazy("Return (sellable units back)"),
}


def kind_choices() -> list[tuple[str, str]]:
    return [(str(kind), label) for kind, label in KINDS.items()]


@retry_on_conflict
@transaction.atomic
def record_stock_change(
    *,
    seller: Seller,
    product: Product | int | None,
    node: Node | str | None,
    kind: str,
    quantity: Any,
    reason: str,
    actor=None,
    api_key=None,
    cause_key: str | None = None,
) -> StockMovement:
    """Record one adjustment, damage or return; returns its movement.

    `product`: the seller's product or its id; `node`: a Node or its code. Raises
    InvalidInput naming each wrong field (nothing changes), PermissionDenied for viewers
    and keys without the write scope, InsufficientStock when a decrease or damage exceeds
    what is available.
    """
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = [_("One of: %(kinds)s.") % {"kinds": ", ".join(str(k) for k in KINDS)}]
    if not isinstance(product, Product):
        product_id = whole_number(product)
        product = Product.objects.for_seller(seller).filter(pk=product_id).first() if product_id else None
    elif product.seller_id != seller.pk:
        product = None
    if product is None:
        errors["product"] = [_("No such product.")]
    node = active_node(node)
    if node is None:
        errors["node"] = [_("The code of an active node, for example GWD-SZX.")]
    number = whole_number(quantity)
    if kind == MovementKind.ADJUSTMENT:
        if number is None or number == 0:
            errors["quantity"] = [_("A whole number of units other than 0 (negative to remove).")]
    elif number is None or number < 1:
        errors["quantity"] = [_("A whole number of units, 1 or more.")]
    if "quantity" not in errors and too_many_units(number):
        errors["quantity"] = [too_many_message()]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the stock changes (for example: cycle count, water damage).")]
    if errors:
        raise InvalidInput(fields=errors)

    if kind == MovementKind.ADJUSTMENT:
        return ledger.adjust(
            seller, product, node, number, reason=reason, actor=actor, api_key=api_key, cause_key=cause_key
        )
    ledger.check_adjuster(seller, actor, api_key)
    cause_type = CauseType.USER if api_key is None else CauseType.PARTNER
    cause_ref = f"api-key:{api_key.pk}" if api_key is not None else f"user:{actor.pk}"
    writer = ledger.damage if kind == MovementKind.DAMAGE else ledger.return_
    return writer(
        seller,
        product,
        node,
        number,
        reason=reason,
        cause_type=cause_type,
        cause_ref=cause_ref,
        cause_key=cause_key,
        actor=actor,
    )
