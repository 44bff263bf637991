"""Confirming a reorder suggestion: it becomes an inbound plan from the factory to the GWD."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import InboundShipment, Node, ProductSupply, Supplier
from inventory.selectors.reorders import reorder_suggestions
from inventory.services.inbound import create_inbound_shipment
from inventory.services.inputs import whole_number
from listings.models import Product
from portal.exceptions import InvalidInput
from portal.models import Seller


@transaction.atomic
def confirm_reorder(
    *, seller: Seller, product: Product, quantity: int | None = None, created_by=None
) -> InboundShipment:
    """Turn the product's reorder suggestion into an inbound plan to the GWD, expected when the
    factory's lead time says. `quantity` replaces the suggested one (at least the minimum order).

    Raises InvalidInput when the product has no suggestion now, or the quantity is below the
    minimum order; nothing is saved then.
    """
    [suggestion] = reorder_suggestions(seller, products=[product]) or [None]
    if suggestion is None:
        raise InvalidInput(fields={"product": [_("%(sku)s needs no reorder now.") % {"sku": product.sku}]})
    units = suggestion.quantity if quantity is None else quantity
    if isinstance(units, bool) or not isinstance(units, int) or units < suggestion.minimum_order_units:
        raise InvalidInput(
            fields={
                "quantity": [
                    _("A whole number of at least %(moq)d units, the minimum order.")
                    % {"moq": suggestion.minimum_order_units}
                ]
            }
        )
    hub = Node.objects.filter(kind=Node.Kind.GWD, is_active=True).order_by("code").first()
    reference = f"REORDER-{product.sku[:40]}-{suggestion.order_by:%Y%m%d}"
    return create_inbound_shipment(
        seller=seller,
        reference=reference,
        node=hub,
        expected_date=suggestion.arrives_by,
        lines=[{"product": product, "quantity": units}],
        notes=_("Reorder from %(supplier)s, ordered %(day)s.")
        % {"supplier": suggestion.supplier or _("the factory"), "day": suggestion.order_by.isoformat()},
        created_by=created_by,
    )


@transaction.atomic
def set_factory_terms(
    *, seller: Seller, sku: str, supplier: str, lead_time_days, minimum_order_units
) -> ProductSupply:
    """Record where a SKU comes from: its supplier (created when new) with lead time and minimum order.

    Raises InvalidInput naming the field: an unknown SKU, no supplier name, a lead time outside
    1–365 days or a minimum order below 1. Nothing changes then.
    """
    errors: dict[str, list[str]] = {}
    product = Product.objects.for_seller(seller).filter(sku=(sku or "").strip()).first()
    if product is None:
        errors["sku"] = [_("No product with this SKU in your catalogue.")]
    name = (supplier or "").strip()
    if not name or len(name) > 200:
        errors["supplier"] = [_("The factory's name, at most 200 characters.")]
    lead = whole_number(lead_time_days)
    if lead is None or not 1 <= lead <= 365:
        errors["lead_time_days"] = [
            _("Days from the order to the goods at the GWD: a whole number from 1 to 365.")
        ]
    minimum = whole_number(minimum_order_units)
    if minimum is None or minimum < 1:
        errors["minimum_order_units"] = [
            _("The factory's minimum order in units: a whole number, 1 or more.")
        ]
    if errors:
        raise InvalidInput(fields=errors)
    factory, _created = Supplier.objects.for_seller(seller).update_or_create(
        seller=seller, name=name, defaults={"lead_time_days": lead, "minimum_order_units": minimum}
    )
    supply, _created = ProductSupply.objects.for_seller(seller).update_or_create(
        seller=seller,
        product=product,
        defaults={"supplier": factory, "lead_time_days": None, "minimum_order_units": None},
    )
    return supply
