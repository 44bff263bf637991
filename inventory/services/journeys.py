"""Starting a journey: one batch of goods, its inbound plan, transfer and delivery chained."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import InboundShipment, Journey, Transfer
from logistics.models import Shipment
from portal.exceptions import InvalidInput
from portal.models import Seller


@transaction.atomic
def start_journey(
    *,
    seller: Seller,
    reference: str,
    inbound_id: int | None = None,
    transfer_id: int | None = None,
    delivery_id: int | None = None,
) -> Journey:
    """Chain the seller's legs into a journey.

    Raises InvalidInput naming the field: no reference or one already used, no leg at all, a
    leg that is not the seller's, or a transfer that does not leave from the inbound plan's hub.
    """
    errors: dict[str, list[str]] = {}
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Your name for this batch of goods, for example LAMPS-2026-03.")]
    elif len(reference) > 64:
        errors["reference"] = [_("At most 64 characters.")]
    elif Journey.objects.for_seller(seller).filter(reference=reference).exists():
        errors["reference"] = [_("You already have a journey with this reference.")]
    legs = {}
    for field, model, ident in (
        ("inbound", InboundShipment, inbound_id),
        ("transfer", Transfer, transfer_id),
        ("delivery", Shipment, delivery_id),
    ):
        if ident in (None, ""):
            continue
        found = model.objects.for_seller(seller).filter(pk=ident).first()
        if found is None:
            errors[field] = [_("No such %(leg)s of yours.") % {"leg": model._meta.verbose_name}]
        else:
            legs[field] = found
    if not legs and not errors:
        errors["inbound"] = [_("Choose at least one leg: an inbound plan, a transfer or a delivery.")]
    if "inbound" in legs and "transfer" in legs and legs["transfer"].from_node_id != legs["inbound"].node_id:
        errors["transfer"] = [
            _("The transfer must leave from the inbound plan's hub (%(node)s).")
            % {"node": legs["inbound"].node.code}
        ]
    if errors:
        raise InvalidInput(fields=errors)
    return Journey.objects.for_seller(seller).create(seller=seller, reference=reference, **legs)
