"""Weekly demand forecasts and market stages for a seller: sales read in bulk, the engine, bulk writes.

`make_forecasts(seller=...)` turns the seller's sales history into weekly series per
product × marketplace (weeks Monday to Sunday, only complete weeks; a week without any
sales row inside a series' span is a gap, not a zero), forecasts them with
`inventory.engine.forecasting` chunk by chunk (whole marketplaces per chunk, so the
cross-product features stay complete), writes one `Forecast` row per series in bulk, and
records each series' market stage with its reason (`MarketStage`, history kept).
`start_forecast_run(seller=...)` queues the same work as a job on the `allocation` queue.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from inventory.engine.forecasting import ForecastSettings, StageThresholds, classify_stages, forecast
from inventory.models import Forecast, MarketStage, SalesDay
from portal.jobs import register_job_kind
from portal.models import JobRun, Seller
from portal.services.jobs import start_job

HORIZON_WEEKS = 26
CHUNK_SERIES = 10_000
WRITE_BATCH = 2_000

FORECAST_JOB = register_job_kind(
    "inventory.forecasts",
    gettext_lazy("Forecast demand"),
    task="inventory.tasks.run_demand_forecasts",
)


def weekly_sales(*, seller: Seller, today: datetime.date | None = None) -> pd.DataFrame:
    """The seller's complete weeks of sales: (product_id, marketplace_id, week, units).

    One query; days are summed into the week that starts on their Monday; the current,
    unfinished week is left out.
    """
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    rows = list(
        SalesDay.objects.for_seller(seller)
        .filter(day__lt=this_monday)
        .values_list("product_id", "marketplace_id", "day", "units")
    )
    if not rows:
        return pd.DataFrame(columns=["product_id", "marketplace_id", "week", "units"])
    frame = pd.DataFrame(rows, columns=["product_id", "marketplace_id", "day", "units"])
    day = pd.to_datetime(frame["day"])
    frame["week"] = day - pd.to_timedelta(day.dt.weekday, unit="D")
    return frame.groupby(["product_id", "marketplace_id", "week"], as_index=False)["units"].sum()


def _chunks(weekly: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    per_place = weekly.groupby("marketplace_id")["product_id"].nunique()
    label = (per_place.cumsum() // max(size, 1)).rename("chunk")
    labelled = weekly.join(label, on="marketplace_id")
    return [part.drop(columns="chunk") for _, part in labelled.groupby("chunk")]


def make_forecasts(
    *,
    seller: Seller,
    run: JobRun | None = None,
    progress=None,
    horizon: int = HORIZON_WEEKS,
    today: datetime.date | None = None,
    settings: ForecastSettings | None = None,
    thresholds: StageThresholds | None = None,
    chunk_series: int = CHUNK_SERIES,
) -> dict:
    """Forecast every product × marketplace of the seller with sales; returns a summary.

    Safe to repeat: each call adds one forecast per series (the newest is the one shown)
    and one stage decision per series.
    """
    weekly = weekly_sales(seller=seller, today=today)
    if weekly.empty:
        return {"series": 0, "chunks": 0}
    parts = _chunks(weekly, chunk_series)
    if progress is not None:
        progress.set_total(len(parts))
    made_at = timezone.now()
    forecasts: list[Forecast] = []
    stages: list[MarketStage] = []
    methods: dict[str, int] = {}
    for part in parts:
        table = part.rename(columns={"product_id": "sku", "marketplace_id": "location"})
        result = forecast(table, horizon, settings)
        keys = result.series
        for i, row in enumerate(keys.itertuples(index=False)):
            forecasts.append(
                Forecast(
                    seller=seller,
                    product_id=int(row.sku),
                    marketplace_id=int(row.location),
                    run=run,
                    made_at=made_at,
                    first_week=row.first_week.date(),
                    method=row.method,
                    cold_start=bool(row.cold_start),
                    note=row.note[:300],
                    weeks={
                        "start": row.first_week.date().isoformat(),
                        **{
                            name: np.round(getattr(result, name)[i], 2).tolist()
                            for name in ("mean", "p10", "p50", "p90")
                        },
                    },
                    backtest_wape=None if np.isnan(row.backtest_wape) else float(row.backtest_wape),
                )
            )
            methods[row.method] = methods.get(row.method, 0) + 1
        stages.extend(_stages(seller=seller, weekly=part, decided_at=made_at, thresholds=thresholds))
        if progress is not None:
            progress.advance()
    with transaction.atomic():
        Forecast.objects.bulk_create(forecasts, batch_size=WRITE_BATCH)
        MarketStage.objects.bulk_create(stages, batch_size=WRITE_BATCH)
    return {"series": len(forecasts), "chunks": len(parts), "methods": methods}


def _stages(*, seller, weekly: pd.DataFrame, decided_at, thresholds) -> list[MarketStage]:
    """One stage decision per series from its weekly units up to the last complete week."""
    dense = weekly.pivot_table(
        index=["product_id", "marketplace_id"], columns="week", values="units", aggfunc="sum"
    )
    if dense.empty:
        return []
    last = dense.columns.max()
    full = pd.date_range(dense.columns.min(), last, freq="7D")
    units = dense.reindex(columns=full).to_numpy(dtype=float)
    names, reasons, numbers = classify_stages(units, thresholds)
    rows = []
    for i, (product_id, marketplace_id) in enumerate(dense.index):
        rows.append(
            MarketStage(
                seller=seller,
                product_id=int(product_id),
                marketplace_id=int(marketplace_id),
                stage=names[i],
                reason=reasons[i][:300],
                numbers={
                    k: (None if not np.isfinite(v[i]) else round(float(v[i]), 3)) for k, v in numbers.items()
                },
                decided_at=decided_at,
            )
        )
    return rows


def forecast_work(job: JobRun, progress) -> dict:
    """Job work: a forecast run for the job's seller."""
    return make_forecasts(seller=job.seller, run=job, progress=progress)


def start_forecast_run(*, seller: Seller, started_by=None, api_key=None) -> JobRun:
    """Queue a forecast run on the `allocation` queue; the page and the API start it."""
    return start_job(seller=seller, kind=FORECAST_JOB, started_by=started_by, api_key=api_key)
