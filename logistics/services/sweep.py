"""The tracking sweep: flag shipments that are late against their ETA or silent for longer
than their lane expects, and resolve those flags when they no longer hold.

A notice's key names the condition (`late:<ETA date>`, `silent:<last event time>`), so
running the sweep twice raises nothing twice, while a shipment that turns late again
against a new ETA, or falls silent again after new events, gets a new notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.engine.folding import TERMINAL
from logistics.models import BookingStatus, Shipment, ShipmentNotice
from portal.models import Seller

DEFAULT_SILENT_DAYS = 5


@dataclass
class SweepResult:
    late: int = 0
    silent: int = 0
    resolved: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"late": self.late, "silent": self.silent, "resolved": self.resolved}


def sweep_seller(*, seller: Seller, now: datetime | None = None) -> SweepResult:
    """Raise and resolve the late and silent notices of one seller's open shipments."""
    now = now or timezone.now()
    result = SweepResult()
    open_shipments = (
        Shipment.objects.for_seller(seller)
        .exclude(status__in=TERMINAL)
        .exclude(booking_status=BookingStatus.CANCELLED)
        .select_related("lane")
        .only(
            "id",
            "reference",
            "status",
            "eta",
            "booking_status",
            "booked_at",
            "created_at",
            "last_event_at",
            "last_event_time_seen",
            "lane__max_silent_days",
        )
    )
    notices: list[ShipmentNotice] = []
    flagged_keys: dict[int, set[str]] = {}
    for shipment in open_shipments:
        keys = flagged_keys.setdefault(shipment.pk, set())
        if shipment.eta is not None and shipment.eta < now:
            key = f"late:{shipment.eta:%Y-%m-%d}"
            keys.add(key)
            days = (now - shipment.eta).days
            notices.append(
                ShipmentNotice(
                    seller=seller,
                    shipment=shipment,
                    kind=ShipmentNotice.Kind.LATE,
                    key=key,
                    message=_("Late: expected %(eta)s, %(days)d days ago, and not delivered.")
                    % {"eta": f"{shipment.eta:%Y-%m-%d}", "days": days},
                    created_at=now,
                )
            )
        if shipment.booking_status != BookingStatus.BOOKED:
            continue
        silent_days = shipment.lane.max_silent_days if shipment.lane else DEFAULT_SILENT_DAYS
        last_heard = shipment.last_event_time_seen or shipment.booked_at or shipment.created_at
        if last_heard < now - timedelta(days=silent_days):
            key = f"silent:{last_heard:%Y-%m-%dT%H:%M}"
            keys.add(key)
            notices.append(
                ShipmentNotice(
                    seller=seller,
                    shipment=shipment,
                    kind=ShipmentNotice.Kind.SILENT,
                    key=key,
                    message=_(
                        "Silent: no tracking event since %(when)s (the lane expects one every %(days)d days)."
                    )
                    % {"when": f"{last_heard:%Y-%m-%d %H:%M} UTC", "days": silent_days},
                    created_at=now,
                )
            )
    with transaction.atomic():
        existing = set(
            ShipmentNotice.objects.for_seller(seller)
            .filter(kind__in=[ShipmentNotice.Kind.LATE, ShipmentNotice.Kind.SILENT])
            .values_list("shipment_id", "key")
        )
        new = [n for n in notices if (n.shipment_id, n.key) not in existing]
        ShipmentNotice.objects.for_seller(seller).bulk_create(new, ignore_conflicts=True)
        result.late = sum(1 for n in new if n.kind == ShipmentNotice.Kind.LATE)
        result.silent = sum(1 for n in new if n.kind == ShipmentNotice.Kind.SILENT)
        # Open late/silent notices whose condition no longer holds are resolved.
        open_notices = ShipmentNotice.objects.for_seller(seller).filter(
            kind__in=[ShipmentNotice.Kind.LATE, ShipmentNotice.Kind.SILENT], resolved_at__isnull=True
        )
        stale = [
            pk
            for pk, shipment_id, key in open_notices.values_list("id", "shipment_id", "key")
            if key not in flagged_keys.get(shipment_id, ())
        ]
        if stale:
            result.resolved = (
                ShipmentNotice.objects.for_seller(seller).filter(pk__in=stale).update(resolved_at=now)
            )
    return result


def sweep_all_sellers(*, now: datetime | None = None) -> dict[str, int]:
    """The beat job: sweep every active seller in turn (each within its own queries)."""
    totals = SweepResult()
    for seller in Seller.objects.filter(is_active=True).order_by("pk"):
        result = sweep_seller(seller=seller, now=now)
        totals.late += result.late
        totals.silent += result.silent
        totals.resolved += result.resolved
    return totals.as_dict()
