"""MCF outcome figures per sales channel and month: the figures quoted to MCF sellers.

- orders: orders placed in the month (cancelled ones left out);
- units: units ordered in them;
- fill rate: the share of those orders shipped complete within `MCF_ON_TIME_DAYS` of being
  placed (default 2 days);
- stock-outs: SKU-days in the month on which a SKU the channel sells (mapped to it, or ordered
  through it) had no unit available at any fulfilment centre;
- turnover: units shipped for the channel in the month over the average units of its SKUs
  available at fulfilment centres that month.

Months are calendar months in UTC, the current one included (to date). Seven queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone

from inventory.engine.mcf import daily_available
from inventory.models import (
    ChannelConnection,
    ChannelOrder,
    ChannelOrderLine,
    ChannelSkuMapping,
    Node,
    StockBalance,
    StockMovement,
)
from portal.models import Seller


@dataclass(frozen=True)
class ChannelMonth:
    connection: ChannelConnection
    month: datetime.date  # first day
    orders: int
    units: int
    shipped_on_time: int
    stockout_sku_days: int
    turnover: float | None

    @property
    def fill_rate(self) -> float | None:
        return self.shipped_on_time / self.orders if self.orders else None


def _months(today: datetime.date, count: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = [first]
    for _i in range(count - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def mcf_outcomes(
    seller: Seller, *, months: int = 6, today: datetime.date | None = None
) -> list[ChannelMonth]:
    today = today or timezone.now().date()
    month_starts = _months(today, months)
    start = month_starts[0]
    n_days = (today - start).days + 1
    start_at = datetime.datetime.combine(start, datetime.time.min, tzinfo=datetime.UTC)
    on_time = datetime.timedelta(days=getattr(settings, "MCF_ON_TIME_DAYS", 2))
    connections = list(ChannelConnection.objects.for_seller(seller).order_by("name", "pk"))
    if not connections:
        return []
    month_index = {m: i for i, m in enumerate(month_starts)}

    counts = defaultdict(lambda: [0, 0, 0, 0])  # (connection, month) → orders, units, on time, shipped units
    for _pk, conn_id, placed, shipped, units, shipped_units in (
        ChannelOrder.objects.for_seller(seller)
        .filter(placed_at__gte=start_at)
        .exclude(status="cancelled")
        .values_list("pk", "connection_id", "placed_at", "shipped_at")
        .annotate(units=Sum("lines__quantity"), shipped_units=Sum("lines__quantity_shipped"))
        .order_by()
    ):
        key = (conn_id, placed.astimezone(datetime.UTC).date().replace(day=1))
        row = counts[key]
        row[0] += 1
        row[1] += units or 0
        complete = shipped is not None and (shipped_units or 0) >= (units or 0)
        row[2] += int(complete and shipped - placed <= on_time)
        if shipped is not None:
            shipped_key = (conn_id, shipped.astimezone(datetime.UTC).date().replace(day=1))
            counts[shipped_key][3] += shipped_units or 0

    sells: dict[int, set[int]] = defaultdict(set)
    for conn_id, product_id in ChannelSkuMapping.objects.for_seller(seller).values_list(
        "connection_id", "product_id"
    ):
        sells[conn_id].add(product_id)
    for conn_id, product_id in (
        ChannelOrderLine.objects.for_seller(seller)
        .filter(order__placed_at__gte=start_at, product__isnull=False)
        .values_list("order__connection_id", "product_id")
        .distinct()
    ):
        sells[conn_id].add(product_id)
    products = sorted(set().union(*sells.values())) if sells else []
    p_index = {pid: i for i, pid in enumerate(products)}
    available = np.zeros((len(products), n_days), dtype=np.int64)
    if products:
        fc = Node.Kind.FC
        current = np.zeros(len(products), dtype=np.int64)
        for pid, units in (
            StockBalance.objects.for_seller(seller)
            .filter(product_id__in=products, node__kind=fc)
            .values_list("product_id")
            .annotate(units=Sum(F("on_hand") - F("reserved")))
            .order_by()
        ):
            current[p_index[pid]] = units or 0
        moves = list(
            StockMovement.objects.for_seller(seller)
            .filter(product_id__in=products, node__kind=fc, effective_at__gte=start_at)
            .values_list("product_id", "effective_at", "on_hand_delta", "reserved_delta")
        )
        available = daily_available(
            current,
            np.array([p_index[m[0]] for m in moves], dtype=np.int64),
            np.array([(m[1].astimezone(datetime.UTC).date() - start).days for m in moves], dtype=np.int64),
            np.array([m[2] - m[3] for m in moves], dtype=np.int64),
            n_days,
        )
    day_month = np.array(
        [month_index[(start + datetime.timedelta(days=d)).replace(day=1)] for d in range(n_days)],
        dtype=np.int64,
    )

    result = []
    for connection in connections:
        rows = [p_index[pid] for pid in sorted(sells.get(connection.pk, ()))]
        mine = available[rows] if rows else np.zeros((0, n_days), dtype=np.int64)
        for m, month in enumerate(month_starts):
            days = day_month == m
            stockouts = int((mine[:, days] <= 0).sum()) if rows else 0
            average = float(mine[:, days].sum(axis=0).mean()) if rows and days.any() else 0.0
            orders, units, timely, shipped = counts.get((connection.pk, month), [0, 0, 0, 0])
            result.append(
                ChannelMonth(
                    connection=connection,
                    month=month,
                    orders=orders,
                    units=units,
                    shipped_on_time=timely,
                    stockout_sku_days=stockouts,
                    turnover=round(shipped / average, 2) if average > 0 else None,
                )
            )
    return result
