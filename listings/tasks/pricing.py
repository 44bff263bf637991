"""Celery tasks of FX, pricing and translation: thin wrappers over the services."""

from __future__ import annotations

import logging

from celery import shared_task

from listings.models import Listing
from listings.services.fx import import_ecb_url
from listings.services.repricing import reprice_work, start_reprice
from listings.services.translation_fill import machine_fill_work
from portal.models import Seller
from portal.services.jobs import run_job
from portal.tasks.base import JobTask

logger = logging.getLogger(__name__)


@shared_task(base=JobTask, bind=True, name="listings.pricing_tasks.reprice_listings")
def reprice_listings(self, job_id: int) -> None:
    run_job(job_id, reprice_work, retry_on=self.autoretry_for)


@shared_task(base=JobTask, bind=True, name="listings.pricing_tasks.machine_translate")
def machine_translate(self, job_id: int) -> None:
    run_job(job_id, machine_fill_work, retry_on=self.autoretry_for)


@shared_task(
    name="listings.pricing_tasks.import_daily_fx_rates",
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
    acks_late=True,
)
def import_daily_fx_rates() -> dict:
    """Daily: import the ECB rates, then start a reprice job for each seller with live listings."""
    result = import_ecb_url()
    started = 0
    if result.created or result.updated:
        for seller in Seller.objects.filter(is_active=True):
            if Listing.objects.for_seller(seller).filter(state="live").exists():
                start_reprice(seller=seller)
                started += 1
    logger.info("ECB rates of %s imported; %d reprice jobs started.", result.rate_date, started)
    return {"rate_date": result.rate_date.isoformat(), "created": result.created, "reprice_jobs": started}
