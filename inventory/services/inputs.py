"""Reading what sellers type: whole numbers, node codes and "SKU, quantity" lines.

One reading for the inbound plan, the transfer, the stock-change form and their API
endpoints, so the same text is accepted (or refused) the same way everywhere.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from inventory.models import Node
from portal.numbers import MAX_ID, MAX_QUANTITY


def whole_number(value: Any) -> int | None:
    """`value` as an int when it is one or a whole number written as text ("12", " -3"); else None.

    Numbers beyond what the database stores at all (64 bits) are None too: no id or count
    can be that large.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit() and len(value.strip()) < 25:
        value = int(value.strip())
    if isinstance(value, int) and abs(value) <= MAX_ID:
        return value
    return None


def too_many_units(quantity: int | None) -> bool:
    """True for a count of units beyond what a quantity column holds (2**31 − 1)."""
    return quantity is not None and abs(quantity) > MAX_QUANTITY


def too_many_message() -> str:
    return _("At most %(max)s units.") % {"max": f"{MAX_QUANTITY:,}"}


def active_node(value: Any) -> Node | None:
    """The active node given as a Node or its code (any case, spaces ignored); None when unknown."""
    if isinstance(value, Node):
        return value
    if isinstance(value, str) and value.strip():
        return Node.objects.filter(code=value.strip().upper(), is_active=True).first()
    return None


def text_rows(text: str) -> list[list[str]]:
    """Comma-separated cells of each non-blank line of `text`."""
    return [[cell.strip() for cell in line.split(",")] for line in text.splitlines() if line.strip()]


def sku_quantity_lines(text: str, product_ids: dict[str, int]) -> tuple[list[dict], list[str]]:
    """Lines of "SKU, quantity" as [{"product": id, "quantity": text}] and a message per wrong line.

    `product_ids`: the seller's SKUs and product ids. Quantities are checked by the service.
    """
    lines, errors = [], []
    for number, cells in enumerate(text_rows(text), start=1):
        if len(cells) != 2:
            errors.append(_("Line %(n)d: write “SKU, quantity” with one of your SKUs.") % {"n": number})
            continue
        if cells[0] not in product_ids:
            # Name the SKU that is not known, so the seller sees which one to fix.
            errors.append(
                _("Line %(n)d: “%(sku)s” is not one of your SKUs (check the catalogue for its spelling).")
                % {"n": number, "sku": cells[0]}
            )
            continue
        lines.append({"product": product_ids[cells[0]], "quantity": cells[1]})
    return lines, errors
