"""Celery tasks of channel orders (imported by inventory.tasks for autodiscovery).

The task name contains "allocation", so settings.CELERY_TASK_ROUTES sends it to the
`allocation` queue.
"""

from __future__ import annotations

from celery import shared_task

from inventory.services.allocation import backorder_allocation_work
from portal.services.jobs import run_job
from portal.tasks.base import JobTask


@shared_task(base=JobTask, bind=True, name="inventory.tasks.run_backorder_allocation")
def run_backorder_allocation(self, job_id: int) -> None:
    run_job(job_id, backorder_allocation_work, retry_on=self.autoretry_for)
