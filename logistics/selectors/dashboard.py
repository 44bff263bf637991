"""What the logistics area puts on the dashboard and its overview: shipments that need a look,
shipments by status, on-time rate per lane and freight cost per kg."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from logistics.engine.folding import TERMINAL
from logistics.models import BookingStatus, Shipment, ShipmentNotice, TrackingStatus
from portal.charts import chart
from portal.dashboard import Tile
from portal.models import Seller


def attention_tiles(seller: Seller) -> list[Tile]:
    """Open notices (late, silent, exceptions, customs holds: the notices page lists the same)
    and shipments under way."""
    notices = ShipmentNotice.objects.for_seller(seller).filter(resolved_at__isnull=True).count()
    in_transit = (
        Shipment.objects.for_seller(seller)
        .filter(status=TrackingStatus.IN_TRANSIT)
        .exclude(booking_status=BookingStatus.CANCELLED)
        .count()
    )
    return [
        Tile(
            label=_("Shipment notices open"),
            figure=notices,
            url=reverse("logistics:notices"),
            note=_("late, silent, held at customs or an exception"),
            tone="alert" if notices else "ok",
        ),
        Tile(
            label=_("Shipments in transit"),
            figure=in_transit,
            url=f"{reverse('logistics:shipments')}?status={TrackingStatus.IN_TRANSIT}",
            note=_("on their way to a fulfilment centre"),
        ),
    ]


def status_counts(*, seller: Seller) -> list[tuple[str, str, int]]:
    """(status, label, shipments) for every tracking status the seller's shipments have."""
    rows = dict(
        Shipment.objects.for_seller(seller)
        .exclude(booking_status=BookingStatus.CANCELLED)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(value, label, rows[value]) for value, label in TrackingStatus.choices if rows.get(value)]


def status_chart(*, seller: Seller) -> dict:
    counts = status_counts(seller=seller)
    return chart(
        chart_id="shipment-status",
        kind="doughnut",
        title=_("Shipments by status"),
        labels=[label for _value, label, _n in counts],
        series=[(_("Shipments"), [n for _value, _label, n in counts])],
    )


def on_time_by_lane(*, seller: Seller) -> dict:
    """Of the delivered shipments with an ETA, the share delivered by it, per lane (one query)."""
    rows = (
        Shipment.objects.for_seller(seller)
        .filter(status=TrackingStatus.DELIVERED, delivered_at__isnull=False, eta__isnull=False)
        .values("lane__code")
        .annotate(total=Count("pk"), on_time=Count("pk", filter=Q(delivered_at__lte=F("eta"))))
        .order_by("lane__code")
    )
    rows = [row for row in rows if row["lane__code"]]
    return chart(
        chart_id="on-time",
        kind="bar",
        title=_("On-time delivery by lane"),
        labels=[row["lane__code"] for row in rows],
        series=[(_("On time"), [round(100 * row["on_time"] / row["total"], 1) for row in rows])],
        unit="%",
    )


def open_shipments(*, seller: Seller) -> int:
    return (
        Shipment.objects.for_seller(seller)
        .exclude(status__in=TERMINAL)
        .exclude(booking_status=BookingStatus.CANCELLED)
        .count()
    )
