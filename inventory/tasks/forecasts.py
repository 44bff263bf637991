"""Celery tasks of demand forecasts (imported by inventory.tasks for autodiscovery).

settings.CELERY_TASK_ROUTES sends them to the `allocation` queue, beside the allocation
work that spends the forecasts.
"""

from __future__ import annotations

from celery import shared_task

from inventory.services.forecasts import forecast_work, start_forecast_run
from portal.jobs import TRANSIENT_ERRORS
from portal.services.jobs import run_job
from portal.tasks.base import JobTask


@shared_task(base=JobTask, bind=True, name="inventory.tasks.run_demand_forecasts")
def run_demand_forecasts(self, job_id: int) -> None:
    run_job(job_id, forecast_work, retry_on=self.autoretry_for)


@shared_task(
    name="inventory.tasks.start_weekly_forecasts",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def start_weekly_forecasts() -> int:
    """Weekly (beat): one forecast job per seller with sales; returns how many were started."""
    from django_scopes import scopes_disabled

    from inventory.models import SalesDay
    from portal.models import Seller

    # Platform job: the one place that lists every seller with sales, to start their runs.
    with scopes_disabled():
        seller_ids = SalesDay.objects.values_list("seller_id", flat=True).distinct()
        sellers = list(Seller.objects.filter(pk__in=list(seller_ids)))
    for seller in sellers:
        start_forecast_run(seller=seller)
    return len(sellers)
