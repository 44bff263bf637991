"""Reads of the forecasts page: one product's history, newest forecast and stage per marketplace."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from inventory.models import Forecast, MarketStage, SalesDay
from listings.models import Product
from portal.models import Seller

HISTORY_WEEKS = 52


@dataclass
class MarketForecast:
    marketplace: str
    forecast: Forecast | None
    stage: MarketStage | None
    history: list[tuple[str, int]]  # (week, units), oldest first

    @property
    def miss_percent(self) -> int | None:
        """The last backtest's error as a share of the units sold (WAPE, %); None without one."""
        if self.forecast is None or self.forecast.backtest_wape is None:
            return None
        return round(100 * self.forecast.backtest_wape)


def product_forecasts(
    *, seller: Seller, product: Product, today: datetime.date | None = None
) -> list[MarketForecast]:
    """Per marketplace with sales or a forecast: weekly history (52 weeks), newest forecast and stage.

    Three queries, whatever the number of marketplaces.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(weeks=HISTORY_WEEKS)
    history: dict[str, list[tuple[str, int]]] = {}
    for code, week, units in (
        SalesDay.objects.for_seller(seller)
        .filter(product=product, day__gte=since)
        .annotate(week=TruncWeek("day"))
        .values_list("marketplace__code", "week")
        .annotate(units=Sum("units"))
        .order_by("marketplace__code", "week")
    ):
        history.setdefault(code, []).append((week.isoformat()[:10], int(units)))
    forecasts: dict[str, Forecast] = {}
    for f in (
        Forecast.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
        .order_by("made_at")
    ):
        forecasts[f.marketplace.code] = f  # the newest wins
    stages: dict[str, MarketStage] = {}
    for s in (
        MarketStage.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
        .order_by("decided_at")
    ):
        stages[s.marketplace.code] = s
    codes = sorted(set(history) | set(forecasts))
    return [
        MarketForecast(code, forecasts.get(code), stages.get(code), history.get(code, [])) for code in codes
    ]
