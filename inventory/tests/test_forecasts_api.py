"""Forecast runs for a seller (sales read in bulk, forecasts and stages written in bulk) and
their API: newest forecasts, current stages, starting a run; another seller's answer 404."""

import datetime

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from inventory.engine.forecasting import ForecastSettings
from inventory.models import Forecast, MarketStage, SalesDay
from inventory.services.forecasts import FORECAST_JOB, make_forecasts
from inventory.tests.factories import ProductFactory, marketplace
from portal.models import JobRun
from portal.services.api_keys import create_api_key

TODAY = datetime.date(2026, 6, 3)  # a Wednesday: the week of 1 June is not complete
FAST = ForecastSettings(rounds=30, calibration_weeks=6, local_models=(), min_data_in_leaf=10, threads=1)


def api(seller, scopes=("inventory:read", "inventory:write")):
    _key, raw = create_api_key(seller=seller, name="forecasts", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def seed_sales(seller, skus=("LAMP", "FAN"), codes=("US", "DE"), weeks=30, breakout=None):
    """Daily sales rows (two days a week) for `weeks` complete weeks before TODAY's week."""
    rng = np.random.default_rng(5)
    first_monday = datetime.date(2026, 6, 1) - datetime.timedelta(weeks=weeks)
    rows, products = [], {}
    for sku in skus:
        products[sku] = ProductFactory(seller=seller, sku=sku)
        for code in codes:
            place = marketplace(code)
            for w in range(weeks):
                units = int(rng.poisson(20))
                if breakout == (sku, code) and w >= weeks - 4:
                    units *= 4
                monday = first_monday + datetime.timedelta(weeks=w)
                for offset, share in ((0, units // 2), (3, units - units // 2)):
                    rows.append(
                        SalesDay(
                            seller=seller,
                            product=products[sku],
                            marketplace=place,
                            day=monday + datetime.timedelta(days=offset),
                            units=share,
                        )
                    )
    # A sale in the unfinished week is left out of the weekly series.
    rows.append(
        SalesDay(
            seller=seller, product=products[skus[0]], marketplace=marketplace(codes[0]), day=TODAY, units=999
        )
    )
    SalesDay.objects.bulk_create(rows)
    return products


def test_a_run_writes_one_forecast_and_one_stage_per_series(seller):
    seed_sales(seller, breakout=("FAN", "DE"))
    summary = make_forecasts(seller=seller, today=TODAY, settings=FAST, horizon=8)
    assert summary["series"] == 4
    forecasts = list(Forecast.objects.for_seller(seller).select_related("product", "marketplace"))
    assert len(forecasts) == 4
    for f in forecasts:
        assert f.first_week == datetime.date(2026, 6, 1)
        assert len(f.weeks["mean"]) == 8
        assert all(
            0 <= a <= b <= c for a, b, c in zip(f.weeks["p10"], f.weeks["p50"], f.weeks["p90"], strict=True)
        )
        # About 20 a week; the 999 units of the unfinished week were not read.
        assert 8 < f.weeks["p50"][0] < 45 or (f.product.sku, f.marketplace.code) == ("FAN", "DE")
    stages = {
        (s.product.sku, s.marketplace.code): s
        for s in MarketStage.objects.for_seller(seller).select_related("product", "marketplace")
    }
    assert stages[("FAN", "DE")].stage == "breakout"
    assert stages[("FAN", "DE")].reason.startswith("breakout: the last 4 weeks sold ")
    assert stages[("LAMP", "US")].stage in {"steady", "growth", "decline"}
    # Running again keeps the history: a second decision per series.
    make_forecasts(seller=seller, today=TODAY, settings=FAST, horizon=8)
    assert MarketStage.objects.for_seller(seller).count() == 8


def test_a_seller_without_sales_gets_no_forecasts(seller):
    assert make_forecasts(seller=seller, today=TODAY, settings=FAST) == {"series": 0, "chunks": 0}
    assert not Forecast.objects.for_seller(seller).exists()


@pytest.fixture
def forecast_made(seller, other_seller):
    seed_sales(seller, skus=("LAMP",), codes=("US",))
    seed_sales(other_seller, skus=("SECRET",), codes=("US",))
    make_forecasts(seller=seller, today=TODAY, settings=FAST, horizon=4)
    make_forecasts(seller=other_seller, today=TODAY, settings=FAST, horizon=4)


def test_forecasts_api_lists_the_newest_weeks_of_my_series_only(
    seller, other_seller, forecast_made, django_assert_num_queries
):
    client = api(seller)
    with django_assert_num_queries(4):
        answer = client.get("/api/v1/forecasts/?marketplace=US")
    assert answer.status_code == 200, answer.json()
    results = answer.json()["results"]
    assert [(r["sku"], r["marketplace"]) for r in results] == [("LAMP", "US")]
    weeks = results[0]["weeks"]
    assert [w["week"] for w in weeks] == ["2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22"]
    assert set(weeks[0]) == {"week", "mean", "p10", "p50", "p90"}
    theirs = Forecast.objects.for_seller(other_seller).get()
    assert client.get(f"/api/v1/forecasts/{theirs.pk}/").status_code == 404


def test_market_stages_api_current_and_history_and_tenancy(seller, other_seller, forecast_made):
    client = api(seller)
    current = client.get("/api/v1/market-stages/").json()["results"]
    assert [(r["sku"], r["marketplace"]) for r in current] == [("LAMP", "US")]
    assert current[0]["reason"].startswith(current[0]["stage"] + ":")
    make_forecasts(seller=seller, today=TODAY, settings=FAST, horizon=4)
    assert len(client.get("/api/v1/market-stages/").json()["results"]) == 1
    assert len(client.get("/api/v1/market-stages/?history=1").json()["results"]) == 2
    theirs = MarketStage.objects.for_seller(other_seller).get()
    assert client.get(f"/api/v1/market-stages/{theirs.pk}/").status_code == 404


def test_starting_a_forecast_run_answers_202_with_the_job(seller, other_seller):
    client = api(seller)
    answer = client.post("/api/v1/forecast-runs/", HTTP_IDEMPOTENCY_KEY="run-1")
    again = client.post("/api/v1/forecast-runs/", HTTP_IDEMPOTENCY_KEY="run-1")
    assert answer.status_code == 202, answer.json()
    assert again.json()["id"] == answer.json()["id"]
    job = JobRun.objects.for_seller(seller).get()
    assert (job.kind, job.status) == (FORECAST_JOB, "queued")
    assert not JobRun.objects.for_seller(other_seller).exists()
    read_only = api(seller, scopes=("inventory:read",))
    assert read_only.post("/api/v1/forecast-runs/", HTTP_IDEMPOTENCY_KEY="run-2").status_code == 403


def test_backtest_of_a_sellers_own_history(seller, capsys):
    seed_sales(seller)
    call_command("forecast_backtest", seller="acme", horizon=4, folds=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("1 fold(s) of 4 weeks")
    methods = [line.split()[0] for line in lines[2:]]
    assert "chosen" in methods
    assert "seasonal" in methods
    with pytest.raises(CommandError, match="No seller"):
        call_command("forecast_backtest", seller="nobody", horizon=4, folds=1)
