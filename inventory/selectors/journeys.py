"""Reads of journeys: one batch of goods, its legs chained into one timeline and one ETA."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.engine.journeys import Leg, chain
from inventory.models import Journey
from logistics.models import BookingStatus, Shipment
from portal.models import Seller


@dataclass(frozen=True)
class TimelineLeg:
    kind: str
    label: str
    reference: str
    status: str
    started: datetime.date | None
    promised: datetime.date | None
    eta: datetime.date | None
    arrived: datetime.date | None
    late: bool
    late_days: int
    url_name: str
    object_id: int


@dataclass(frozen=True)
class JourneyTimeline:
    journey: Journey
    legs: list[TimelineLeg]
    eta: datetime.date | None  # to the shelf: the last leg's chained ETA
    arrived: bool
    late: bool


def _day(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _transit(shipment: Shipment | None) -> int:
    return shipment.lane.transit_days_max if shipment is not None and shipment.lane_id else 0


def access_journey(*, seller: Seller, pk) -> Journey:
    """The seller's journey with its legs; Journey.DoesNotExist for another seller's or none."""
    return (
        Journey.objects.for_seller(seller)
        .select_related(
            "inbound__node",
            "transfer__shipment__lane",
            "transfer__from_node",
            "transfer__to_node",
            "delivery__lane",
        )
        .get(pk=pk)
    )


def journey_timeline(
    seller: Seller, journey: Journey, *, today: datetime.date | None = None
) -> JourneyTimeline:
    """The journey's legs in order (inbound, transfer, delivery) chained into one timeline."""
    today = today or timezone.localdate()
    raw: list[tuple[Leg, dict]] = []
    if journey.inbound_id:
        plan = journey.inbound
        freight = (
            Shipment.objects.for_seller(seller)
            .filter(purpose=Shipment.Purpose.INBOUND, source_reference=plan.reference)
            .exclude(booking_status=BookingStatus.CANCELLED)
            .select_related("lane")
            .order_by("pk")
            .first()
        )
        leg = Leg(
            kind="inbound",
            started=_day(freight.booked_at) if freight else None,
            eta=_day(freight.eta) if freight and freight.eta else plan.expected_date,
            arrived=_day(plan.received_at) if plan.status == plan.Status.RECEIVED else None,
            promised=plan.expected_date,
            duration_days=_transit(freight),
        )
        raw.append(
            (
                leg,
                {
                    "label": _("Factory → %(node)s") % {"node": plan.node.code},
                    "reference": plan.reference,
                    "status": plan.get_status_display(),
                    "url_name": "inventory:inbound_detail",
                    "object_id": plan.pk,
                },
            )
        )
    if journey.transfer_id:
        transfer = journey.transfer
        shipment = transfer.shipment
        started = _day(transfer.dispatched_at)
        leg = Leg(
            kind="transfer",
            started=started,
            eta=_day(shipment.eta) if shipment and shipment.eta else None,
            arrived=_day(transfer.received_at),
            promised=started + datetime.timedelta(days=_transit(shipment))
            if started and _transit(shipment)
            else None,
            duration_days=_transit(shipment),
        )
        raw.append(
            (
                leg,
                {
                    "label": f"{transfer.from_node.code} → {transfer.to_node.code}",
                    "reference": transfer.reference,
                    "status": transfer.get_status_display(),
                    "url_name": "inventory:transfer_detail",
                    "object_id": transfer.pk,
                },
            )
        )
    if journey.delivery_id:
        delivery = journey.delivery
        started = _day(delivery.booked_at)
        leg = Leg(
            kind="delivery",
            started=started,
            eta=_day(delivery.eta),
            arrived=_day(delivery.delivered_at),
            promised=started + datetime.timedelta(days=_transit(delivery))
            if started and _transit(delivery)
            else None,
            duration_days=_transit(delivery),
        )
        raw.append(
            (
                leg,
                {
                    "label": _("Delivery to %(to)s")
                    % {"to": delivery.destination_code or delivery.destination_country},
                    "reference": delivery.reference,
                    "status": delivery.get_status_display(),
                    "url_name": "logistics:shipment_detail",
                    "object_id": delivery.pk,
                },
            )
        )
    chained, eta = chain([leg for leg, _info in raw], today=today)
    legs = [
        TimelineLeg(
            kind=c.leg.kind,
            started=c.leg.started,
            promised=c.leg.promised,
            eta=c.eta,
            arrived=c.leg.arrived,
            late=c.late,
            late_days=c.late_days,
            **info,
        )
        for c, (_leg, info) in zip(chained, raw, strict=True)
    ]
    return JourneyTimeline(
        journey=journey,
        legs=legs,
        eta=eta,
        arrived=bool(legs) and legs[-1].arrived is not None,
        late=any(leg.late for leg in legs),
    )
