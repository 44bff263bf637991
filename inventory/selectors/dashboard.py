"""What the inventory area puts on the dashboard: units sold by week, days of stock cover by
region, orders waiting for stock."""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import ChannelOrder, SalesDay
from inventory.models.orders import OrderStatus
from inventory.selectors.pool import region_totals
from portal.charts import chart
from portal.dashboard import Tile
from portal.models import Seller

SALES_WEEKS = 12
COVER_WINDOW_DAYS = 28


def sales_by_week_chart(seller: Seller, *, today: datetime.date | None = None) -> dict:
    """Units sold per week (Monday to Sunday), the last SALES_WEEKS weeks, gaps as zero."""
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    weeks = [this_monday - datetime.timedelta(weeks=n) for n in range(SALES_WEEKS - 1, -1, -1)]
    rows = (
        SalesDay.objects.for_seller(seller)
        .filter(day__gte=weeks[0], day__lte=today)
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(units=Sum("units"))
        .order_by("week")
    )
    by_week = {_as_date(row["week"]): row["units"] for row in rows}
    return chart(
        chart_id="sales-by-week",
        kind="bar",
        title=_("Units sold by week"),
        labels=[week.isoformat() for week in weeks],
        series=[(_("Units sold"), [by_week.get(week, 0) for week in weeks])],
        unit=_("units"),
    )


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def cover_by_region(*, seller: Seller, today: datetime.date | None = None) -> list[dict]:
    """Per fulfilment region: available units, units sold a day (last 28 days), days of cover.

    Days of cover is None where nothing sold (no demand to cover). The GWD hub's region is
    the pool itself and is left out: its stock serves every region.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=COVER_WINDOW_DAYS)
    sold = dict(
        SalesDay.objects.for_seller(seller)
        .filter(day__gt=since, day__lte=today)
        .values_list("marketplace__fc_region")
        .annotate(units=Sum("units"))
        .order_by()
    )
    result = []
    for row in region_totals(seller):
        if row["region"] == "CN":
            continue
        per_day = (sold.get(row["region"]) or 0) / COVER_WINDOW_DAYS
        days = round(row["available"] / per_day) if per_day else None
        result.append(
            {"region": row["region"], "available": row["available"], "per_day": per_day, "days": days}
        )
    return result


def cover_chart(seller: Seller) -> dict:
    rows = cover_by_region(seller=seller)
    return chart(
        chart_id="cover-by-region",
        kind="bar",
        title=_("Days of stock cover by region"),
        labels=[row["region"] for row in rows],
        series=[(_("Days of cover"), [row["days"] for row in rows])],
        unit=_("days"),
    )


def order_tiles(seller: Seller) -> list[Tile]:
    waiting = ChannelOrder.objects.for_seller(seller).filter(status=OrderStatus.BACKORDERED).count()
    return [
        Tile(
            label=_("Orders waiting for stock"),
            figure=waiting,
            url=f"{reverse('inventory:orders')}?status={OrderStatus.BACKORDERED}",
            note=_("backordered: reserve them when stock arrives"),
            tone="alert" if waiting else "ok",
        )
    ]
