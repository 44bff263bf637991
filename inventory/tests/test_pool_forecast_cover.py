"""Days of cover on the pool page rest on the newest forecast where there is one."""

import datetime

from django.utils import timezone

from inventory.models import Forecast
from inventory.selectors.pool import pool_page
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, marketplace, node
from inventory.tests.test_pool_flags import sell


def add_forecast(seller, product, weekly_mean, made_at):
    Forecast.objects.create(
        seller=seller,
        product=product,
        marketplace=marketplace("US"),
        made_at=made_at,
        first_week=timezone.localdate(),
        method="global",
        weeks={
            "start": "2026-01-05",
            "mean": [weekly_mean] * 6,
            "p10": [0] * 6,
            "p50": [0] * 6,
            "p90": [0] * 6,
        },
    )


def us_cover(seller):
    _page, rows = pool_page(seller)
    return next(c for c in rows[0].covers if c.marketplace == "US")


def test_days_of_cover_use_the_newest_forecast_and_fall_back_to_the_trailing_average(seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, lamp, node("FC-US"), 300, cause_type="inbound")
    sell(seller, lamp, 3)  # 3 a day for 28 days: 100 days of cover
    cover = us_cover(seller)
    assert (cover.daily_units, cover.days, cover.from_forecast) == (3.0, 100.0, False)
    now = timezone.now()
    add_forecast(seller, lamp, 14.0, now - datetime.timedelta(days=7))  # an older run: 2 a day
    add_forecast(seller, lamp, 70.0, now)  # the newest run: 10 a day
    cover = us_cover(seller)
    assert (cover.daily_units, cover.days, cover.from_forecast) == (10.0, 30.0, True)


def test_another_sellers_forecast_does_not_change_my_cover(seller, other_seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, lamp, node("FC-US"), 300, cause_type="inbound")
    sell(seller, lamp, 3)
    theirs = ProductFactory(seller=other_seller, sku="LAMP")
    add_forecast(other_seller, theirs, 700.0, timezone.now())
    assert us_cover(seller).days == 100.0
