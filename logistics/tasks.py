"""Celery tasks of tracking (queue `tracking`: every task name here contains "track").

- `tracking_sweep` (beat): flags late and silent shipments, resolves stale flags;
- `poll_tracking_connections` (beat): queues one poll per open shipment on a lane whose
  program has an active carrier connection;
- `poll_shipment_tracking`: asks the carrier's API for one shipment's events and records
  them. Transient carrier errors (time-out, 5xx, 429) are retried with exponential
  backoff; permanent ones are logged and the poll ends (the next beat tries again).
"""

from __future__ import annotations

import logging

from celery import shared_task

from logistics.adapters.base import PermanentCarrierError, TransientCarrierError
from logistics.services.landed_costs import landed_costs_work
from logistics.services.polling import open_shipments_to_poll, poll_shipment
from logistics.services.sweep import sweep_all_sellers
from portal.services.jobs import run_job
from portal.services.platform_scope import platform_scope
from portal.tasks.base import JobTask

logger = logging.getLogger(__name__)


@shared_task(name="logistics.tasks.tracking_sweep", acks_late=True)
def tracking_sweep() -> dict[str, int]:
    return sweep_all_sellers()


@shared_task(name="logistics.tasks.poll_tracking_connections", acks_late=True)
def poll_tracking_connections() -> int:
    with platform_scope(reason="tracking: list the shipments to poll from carriers' APIs"):
        targets = open_shipments_to_poll()
    for shipment_id, connection_id in targets:
        poll_shipment_tracking.delay(shipment_id, connection_id)
    return len(targets)


@shared_task(
    bind=True,
    name="logistics.tasks.poll_shipment_tracking",
    acks_late=True,
    autoretry_for=(TransientCarrierError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=5,
)
def poll_shipment_tracking(self, shipment_id: int, connection_id: int) -> dict:
    try:
        return poll_shipment(shipment_id=shipment_id, connection_id=connection_id)
    except PermanentCarrierError as exc:
        logger.warning("Tracking poll of shipment %s failed for good: %s", shipment_id, exc)
        return {"error": str(exc)}


@shared_task(base=JobTask, bind=True, name="logistics.tasks.refresh_landed_costs")
def refresh_landed_costs(self, job_id: int) -> None:
    run_job(job_id, landed_costs_work, retry_on=self.autoretry_for)
