"""Shipments: create (from a transfer, an inbound plan or by hand), book, cancel, set references.

Every operation takes the seller first and reaches rows only through `for_seller(seller)`.
Bad input raises `InvalidInput` naming each field (cartons and items by index) and changes
nothing; a booking state that forbids the action raises `Conflict`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Product
from logistics.models import (
    BookingStatus,
    Lane,
    Shipment,
    ShipmentCarton,
    ShipmentItem,
    ShipmentReference,
    TrackingStatus,
)
from logistics.services.currency import LaneCurrencyConverter
from logistics.services.customs import normalise_country
from logistics.services.quotes import MAX_CARTON_SIDE_MM, MAX_CARTON_WEIGHT_G
from logistics.signals import shipment_booked, shipment_cancelled
from portal.exceptions import Conflict, InvalidInput
from portal.services.audit import record_audit_event
from portal.tenancy import seller_scope

MAX_CARTONS = 2000
MAX_ITEMS = 1000
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9._/-]{1,40}$")
CONTAINER_PATTERN = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")
# The shape of an inventory node code (GWD-SZX, AWD-US, FC-DE): the same rule as
# inventory.Node.code, repeated here because logistics never imports inventory.
NODE_CODE_PATTERN = re.compile(r"^[A-Z]{2,4}-[A-Z0-9]{2,6}$")
RECEIVING_PURPOSES = frozenset({Shipment.Purpose.TRANSFER, Shipment.Purpose.INBOUND})


def destination_node_problem(shipment: Shipment) -> str:
    """Why the destination cannot receive this shipment's units on delivery, or "" when it can.

    Only transfer and inbound shipments are received into stock; a manual shipment needs no node.
    """
    if shipment.purpose not in RECEIVING_PURPOSES:
        return ""
    if not shipment.destination_code:
        return _(
            "This shipment names no destination node, so its units cannot be received into stock on "
            "delivery. Set the node that receives the goods (for example GWD-SZX or FC-DE)."
        )
    if not NODE_CODE_PATTERN.fullmatch(shipment.destination_code):
        return _(
            "%(code)s is not a node code (like GWD-SZX, AWD-US or FC-DE); its units cannot be received."
        ) % {"code": shipment.destination_code}
    return ""


# Tracking states after which the goods have left the shipper: too late to cancel.
MOVING = frozenset(set(TrackingStatus.values) - {TrackingStatus.PENDING, TrackingStatus.INFO_RECEIVED})


def container_check_digit_ok(number: str) -> bool:
    """ISO 6346: letters map to 10..38 skipping multiples of 11; weights 2^i; sum mod 11 mod 10."""
    values = {}
    value = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        values[letter] = value
        value += 1
    total = sum((values[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(number[:10]))
    return total % 11 % 10 == int(number[10])


def validate_container_numbers(numbers: Sequence[str], field: str = "container_numbers") -> list[str]:
    if isinstance(numbers, str) or not isinstance(numbers, (list, tuple)):
        raise InvalidInput(fields={field: [_("A list of container numbers.")]})
    cleaned, errors = [], {}
    for i, raw in enumerate(numbers):
        number = str(raw).replace(" ", "").upper()
        if not CONTAINER_PATTERN.fullmatch(number) or not container_check_digit_ok(number):
            errors[f"{field}.{i}"] = [
                _("%(n)s is not an ISO 6346 container number (owner code, U, six digits, check digit).")
                % {"n": raw}
            ]
        elif number not in cleaned:
            cleaned.append(number)
    if errors:
        raise InvalidInput(fields=errors)
    return cleaned


def _clean_cartons(cartons: Sequence[dict]) -> list[dict]:
    if len(cartons) > MAX_CARTONS:
        raise InvalidInput(
            fields={"cartons": [_("At most %(n)d cartons per shipment.") % {"n": MAX_CARTONS}]}
        )
    errors, result = {}, []
    for i, data in enumerate(cartons):
        row = {"number": i + 1, "marks": str(data.get("marks") or "")[:200]}
        for name, limit in (
            ("weight_g", MAX_CARTON_WEIGHT_G),
            ("length_mm", MAX_CARTON_SIDE_MM),
            ("width_mm", MAX_CARTON_SIDE_MM),
            ("height_mm", MAX_CARTON_SIDE_MM),
        ):
            value = data.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
                errors[f"cartons.{i}.{name}"] = [
                    _("A whole number from 1 to %(limit)d; got %(value)r.") % {"limit": limit, "value": value}
                ]
            row[name] = value
        result.append(row)
    if errors:
        raise InvalidInput(fields=errors)
    return result


def _default_unit_value(product: Product, currency: str, converter: LaneCurrencyConverter):
    """The product's unit cost in the invoice currency, or None when it cannot be converted."""
    if product.unit_cost is None:
        return None
    rate = converter.rate_from(product.unit_cost_currency)
    if rate is None:
        return None
    return (product.unit_cost * rate).quantize(Decimal("0.01"))


def _clean_items(*, seller, items: Sequence[dict], carton_count: int, currency: str) -> list[dict]:
    if len(items) > MAX_ITEMS:
        raise InvalidInput(fields={"items": [_("At most %(n)d items per shipment.") % {"n": MAX_ITEMS}]})
    ids = [data.get("product_id") for data in items]
    products = Product.objects.for_seller(seller).in_bulk([i for i in ids if isinstance(i, int)])
    converter = LaneCurrencyConverter(currency)
    errors, result = {}, []
    for i, data in enumerate(items):
        product = products.get(data.get("product_id"))
        if product is None:
            errors[f"items.{i}.product_id"] = [
                _("No product %(id)s in your catalogue.") % {"id": data.get("product_id")}
            ]
            continue
        quantity = data.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            errors[f"items.{i}.quantity"] = [_("A whole number of units, at least 1.")]
            continue
        carton = data.get("carton")
        if carton is not None and (not isinstance(carton, int) or not 1 <= carton <= carton_count):
            errors[f"items.{i}.carton"] = [
                _("The number of one of this shipment's cartons, 1 to %(n)d.") % {"n": carton_count}
            ]
            continue
        result.append(
            {
                "product": product,
                "quantity": quantity,
                "carton": carton,
                "unit_value": data["unit_value"]
                if data.get("unit_value") is not None
                else _default_unit_value(product, currency, converter),
                "description": str(
                    data.get("description") or product.attributes.get("title_en") or product.title
                )[:300],
                "hs_code": data.get("hs_code") or product.hs_code,
                "country_of_origin": product.country_of_origin,
            }
        )
    if errors:
        raise InvalidInput(fields=errors)
    return result


def _new_reference() -> str:
    return f"SHP-{timezone.now():%y%m%d}-{secrets.token_hex(3).upper()}"


@transaction.atomic
def create_shipment(
    *,
    seller,
    purpose: str = Shipment.Purpose.MANUAL,
    lane: Lane | int | None = None,
    reference: str = "",
    source_reference: str = "",
    origin_country: str = "",
    destination_country: str = "",
    destination_code: str = "",
    origin_address: str = "",
    destination_address: str = "",
    incoterm: str = "DDP",
    currency: str = "USD",
    notes: str = "",
    cartons: Sequence[dict] = (),
    items: Sequence[dict] = (),
    booking_number: str = "",
    transport_document_number: str = "",
    container_numbers: Sequence[str] = (),
    tracking_number: str = "",
    actor=None,
    api_key=None,
) -> Shipment:
    """Create a draft shipment with its cartons, items and references.

    `purpose` "transfer" or "inbound" needs the plan's `source_reference` ("transfer:42") and at
    least one item, since the destination receives those units on delivery. Origin and
    destination default to the lane's. Raises InvalidInput or Conflict (duplicate reference).
    """
    errors: dict[str, list[str]] = {}
    if purpose not in Shipment.Purpose.values:
        errors["purpose"] = [_("One of: %(allowed)s.") % {"allowed": ", ".join(Shipment.Purpose.values)}]
    if purpose in (Shipment.Purpose.TRANSFER, Shipment.Purpose.INBOUND):
        if not source_reference:
            errors["source_reference"] = [
                _("A transfer or inbound shipment names its plan, e.g. transfer:42.")
            ]
        if not items:
            errors["items"] = [_("A transfer or inbound shipment lists the units it carries.")]
    if reference and not REFERENCE_PATTERN.fullmatch(reference):
        errors["reference"] = [_("Up to 40 letters, digits and . _ / - characters.")]
    lane_obj = None
    if lane is not None:
        lane_obj = (
            lane if isinstance(lane, Lane) else Lane.objects.filter(pk=lane).select_related("program").first()
        )
        if lane_obj is None or not lane_obj.active:
            errors["lane"] = [_("Choose an active lane.")]
            lane_obj = None
    origin = normalise_country(origin_country or (lane_obj.origin_country if lane_obj else ""))
    destination = normalise_country(destination_country or (lane_obj.destination_country if lane_obj else ""))
    if not re.fullmatch(r"[A-Z]{2}", origin):
        errors["origin_country"] = [_("A two-letter ISO country code, or choose a lane.")]
    if not re.fullmatch(r"[A-Z]{2}", destination):
        errors["destination_country"] = [_("A two-letter ISO country code, or choose a lane.")]
    if lane_obj is not None and (origin, destination) != (
        lane_obj.origin_country,
        lane_obj.destination_country,
    ):
        errors["lane"] = [
            _("This lane runs %(o)s→%(d)s, not %(so)s→%(sd)s.")
            % {
                "o": lane_obj.origin_country,
                "d": lane_obj.destination_country,
                "so": origin,
                "sd": destination,
            }
        ]
    if incoterm not in ("EXW", "FOB", "CIF", "DAP", "DDP"):
        errors["incoterm"] = [_("One of EXW, FOB, CIF, DAP, DDP.")]
    destination_code = (destination_code or "").strip().upper() or (
        lane_obj.destination_code if lane_obj else ""
    )
    if destination_code and not NODE_CODE_PATTERN.fullmatch(destination_code):
        errors["destination_code"] = [
            _(
                "%(code)s is not a node code: two to four letters, a hyphen, then two to six "
                "letters or digits, like GWD-SZX, AWD-US or FC-DE."
            )
            % {"code": destination_code}
        ]
    elif not destination_code and purpose in RECEIVING_PURPOSES:
        errors["destination_code"] = [
            _("A transfer or inbound shipment names the node that receives the goods, like GWD-SZX or FC-DE.")
        ]
    if errors:
        raise InvalidInput(fields=errors)
    carton_rows = _clean_cartons(cartons)
    item_rows = _clean_items(seller=seller, items=items, carton_count=len(carton_rows), currency=currency)
    containers = validate_container_numbers(list(container_numbers))

    reference = reference or _new_reference()
    if Shipment.objects.for_seller(seller).filter(reference=reference).exists():
        raise Conflict(
            _("A shipment with reference %(r)s already exists.") % {"r": reference},
            fields={"reference": [_("Already used by another of your shipments.")]},
        )
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                seller=seller,
                reference=reference,
                purpose=purpose,
                source_reference=source_reference,
                lane=lane_obj,
                origin_country=origin,
                origin_address=origin_address,
                destination_country=destination,
                destination_code=destination_code,
                destination_address=destination_address,
                incoterm=incoterm,
                currency=currency,
                notes=notes,
                booking_number=booking_number,
                transport_document_number=transport_document_number,
                container_numbers=containers,
                tracking_number=tracking_number,
            )
    except IntegrityError as exc:
        raise Conflict(fields={"reference": [_("Already used by another of your shipments.")]}) from exc
    created_cartons = ShipmentCarton.objects.bulk_create(
        [ShipmentCarton(seller=seller, shipment=shipment, **row) for row in carton_rows]
    )
    by_number = {c.number: c for c in created_cartons}
    ShipmentItem.objects.bulk_create(
        [
            ShipmentItem(
                seller=seller,
                shipment=shipment,
                product=row["product"],
                carton=by_number.get(row["carton"]),
                quantity=row["quantity"],
                unit_value=row["unit_value"],
                description=row["description"],
                hs_code=row["hs_code"],
                country_of_origin=row["country_of_origin"],
            )
            for row in item_rows
        ]
    )
    _sync_references(seller=seller, shipment=shipment)
    record_audit_event(
        seller=seller,
        actor=actor,
        action="logistics.shipment_created",
        api_key=api_key,
        summary=f"{shipment.reference} ({purpose})",
        target=shipment,
    )
    return shipment


def _sync_references(*, seller, shipment: Shipment) -> None:
    """Rewrite the shipment's searchable references from its fields.

    Tracking attaches events that were waiting for a reference when the shipment is saved
    (logistics.receivers), after this transaction commits with these rows.
    """
    wanted = set()
    for kind, value in (
        (ShipmentReference.Kind.BOOKING, shipment.booking_number),
        (ShipmentReference.Kind.TRANSPORT_DOCUMENT, shipment.transport_document_number),
        (ShipmentReference.Kind.TRACKING, shipment.tracking_number),
        *[(ShipmentReference.Kind.CONTAINER, c) for c in shipment.container_numbers],
    ):
        if value:
            wanted.add((kind, value))
    existing = set(
        ShipmentReference.objects.for_seller(seller).filter(shipment=shipment).values_list("kind", "value")
    )
    stale = existing - wanted
    if stale:
        for kind, value in stale:
            ShipmentReference.objects.for_seller(seller).filter(
                shipment=shipment, kind=kind, value=value
            ).delete()
    added = wanted - existing
    ShipmentReference.objects.bulk_create(
        [ShipmentReference(seller=seller, shipment=shipment, kind=k, value=v) for k, v in sorted(added)]
    )


@transaction.atomic
def set_references(
    *,
    seller,
    shipment: Shipment,
    booking_number: str | None = None,
    transport_document_number: str | None = None,
    container_numbers: Sequence[str] | None = None,
    tracking_number: str | None = None,
    actor=None,
) -> Shipment:
    """Change the identifiers carriers quote; None leaves a field as it is."""
    shipment = Shipment.objects.for_seller(seller).select_for_update().get(pk=shipment.pk)
    if container_numbers is not None:
        shipment.container_numbers = validate_container_numbers(list(container_numbers))
    for name, value in (
        ("booking_number", booking_number),
        ("transport_document_number", transport_document_number),
        ("tracking_number", tracking_number),
    ):
        if value is not None:
            if len(value) > 60:
                raise InvalidInput(fields={name: [_("At most 60 characters.")]})
            setattr(shipment, name, value.strip())
    shipment.save()
    _sync_references(seller=seller, shipment=shipment)
    record_audit_event(
        seller=seller,
        actor=actor,
        action="logistics.shipment_references",
        summary=shipment.reference,
        target=shipment,
    )
    return shipment


@transaction.atomic
def book_shipment(*, seller, shipment: Shipment, booking_number: str = "", actor=None) -> Shipment:
    """Draft → booked. Needs a lane and at least one carton; raises Conflict otherwise."""
    shipment = Shipment.objects.for_seller(seller).select_for_update().get(pk=shipment.pk)
    if shipment.booking_status != BookingStatus.DRAFT:
        raise Conflict(
            _("Shipment %(r)s is %(s)s; only a draft can be booked.")
            % {"r": shipment.reference, "s": shipment.get_booking_status_display()}
        )
    missing = {}
    if shipment.lane_id is None:
        missing["lane"] = [_("Choose a lane before booking.")]
    if not ShipmentCarton.objects.for_seller(seller).filter(shipment=shipment).exists():
        missing["cartons"] = [_("Add the cartons before booking: the carrier needs their weights and sizes.")]
    if missing:
        raise InvalidInput(_("The shipment is not ready to book."), fields=missing)
    if booking_number:
        if len(booking_number) > 60:
            raise InvalidInput(fields={"booking_number": [_("At most 60 characters.")]})
        shipment.booking_number = booking_number.strip()
    shipment.booking_status = BookingStatus.BOOKED
    shipment.booked_at = timezone.now()
    shipment.save()
    _sync_references(seller=seller, shipment=shipment)
    record_audit_event(
        seller=seller,
        actor=actor,
        action="logistics.shipment_booked",
        summary=shipment.reference,
        target=shipment,
    )
    transaction.on_commit(lambda pk=shipment.pk: _send(shipment_booked, seller, pk))
    return shipment


@transaction.atomic
def cancel_shipment(*, seller, shipment: Shipment, actor=None) -> Shipment:
    """Draft or booked → cancelled, while the goods have not left; raises Conflict otherwise."""
    shipment = Shipment.objects.for_seller(seller).select_for_update().get(pk=shipment.pk)
    if shipment.booking_status == BookingStatus.CANCELLED:
        raise Conflict(_("Shipment %(r)s is already cancelled.") % {"r": shipment.reference})
    if shipment.status in MOVING:
        raise Conflict(
            _("Shipment %(r)s is already %(s)s: ask the carrier to stop or return it.")
            % {"r": shipment.reference, "s": shipment.get_status_display()}
        )
    shipment.booking_status = BookingStatus.CANCELLED
    shipment.cancelled_at = timezone.now()
    shipment.save()
    record_audit_event(
        seller=seller,
        actor=actor,
        action="logistics.shipment_cancelled",
        summary=shipment.reference,
        target=shipment,
    )
    transaction.on_commit(lambda pk=shipment.pk: _send(shipment_cancelled, seller, pk))
    return shipment


def _send(signal, seller, shipment_id: int) -> None:
    """Tell the apps above about a committed booking change (logistics.signals)."""
    shipment = Shipment.objects.for_seller(seller).select_related("seller").get(pk=shipment_id)
    with seller_scope(seller):
        signal.send(sender=Shipment, shipment=shipment)
