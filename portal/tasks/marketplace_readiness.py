"""The marketplace readiness check's task: a thin wrapper over the service."""

from __future__ import annotations

from celery import shared_task

from portal.services.jobs import run_job
from portal.services.marketplace_readiness import marketplace_readiness_work
from portal.tasks.base import JobTask


@shared_task(base=JobTask, bind=True, name="portal.tasks.check_marketplace_readiness")
def check_marketplace_readiness(self, job_id: int) -> None:
    run_job(job_id, marketplace_readiness_work, retry_on=self.autoretry_for)
