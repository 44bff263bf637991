"""The forecasts page of a product: chart data, stage with its reason, backtest in words; a run
started from the page; another seller's product answers 404."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from inventory.models import Forecast, MarketStage, SalesDay
from inventory.services.forecasts import FORECAST_JOB
from inventory.tests.factories import ProductFactory, marketplace
from portal.models import JobRun


def seed(seller, sku="LAMP"):
    product = ProductFactory(seller=seller, sku=sku)
    today = timezone.localdate()
    SalesDay.objects.for_seller(seller).bulk_create(
        [
            SalesDay(
                seller=seller,
                product=product,
                marketplace=marketplace(code),
                day=today - datetime.timedelta(weeks=w),
                units=5,
            )
            for code in ("US", "DE")
            for w in range(1, 11)
        ]
    )
    now = timezone.now()
    Forecast.objects.create(
        seller=seller,
        product=product,
        marketplace=marketplace("US"),
        made_at=now,
        first_week=today,
        method="global",
        note="",
        backtest_wape=0.254,
        weeks={
            "start": "2026-12-07",
            "mean": [5.0, 6.0],
            "p10": [3.0, 3.5],
            "p50": [5.0, 6.0],
            "p90": [8.0, 9.0],
        },
    )
    MarketStage.objects.create(
        seller=seller,
        product=product,
        marketplace=marketplace("US"),
        stage="breakout",
        reason="breakout: the last 4 weeks sold 3.1× the 12-week trend",
        decided_at=now,
    )
    return product


def test_the_page_shows_stage_reason_accuracy_and_chart_data(owner_client, seller, django_assert_num_queries):
    product = seed(seller)
    # Session, user, membership, product; then history, forecasts and stages in one query each.
    with django_assert_num_queries(7):
        response = owner_client.get(reverse("inventory:product_forecast", args=[product.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "breakout: the last 4 weeks sold 3.1× the 12-week trend" in body
    assert "the forecast missed by 25% of the units sold" in body
    assert "No forecast yet: start a run." in body  # DE has sales but no forecast
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert "<script>" not in body  # no inline script under the CSP
    data = json.loads(body.split('id="forecast-data" type="application/json">')[1].split("</script>")[0])
    assert data["US"]["forecast"] == [
        {"week": "2026-12-07", "mean": 5.0, "p10": 3.0, "p90": 8.0},
        {"week": "2026-12-14", "mean": 6.0, "p10": 3.5, "p90": 9.0},
    ]
    assert sum(h["units"] for h in data["DE"]["history"]) == 50


def test_another_sellers_product_answers_404(owner_client, other_seller):
    theirs = seed(other_seller, sku="SECRET")
    response = owner_client.get(reverse("inventory:product_forecast", args=[theirs.pk]))
    assert response.status_code == 404


def test_a_run_is_started_from_the_page(owner_client, seller):
    response = owner_client.post(reverse("inventory:forecast_run_start"))
    job = JobRun.objects.for_seller(seller).get()
    assert job.kind == FORECAST_JOB
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", kwargs={"job_id": job.pk})
