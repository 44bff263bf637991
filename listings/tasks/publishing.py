"""The publishing job's task: a thin wrapper that takes the JobRun id and calls the service."""

from __future__ import annotations

from celery import shared_task

from listings.services.publishing import publish_work
from portal.services.jobs import run_job
from portal.tasks.base import JobTask


@shared_task(base=JobTask, bind=True, name="listings.tasks.publish_listings")
def publish_listings(self, job_id: int) -> None:
    run_job(job_id, publish_work, retry_on=self.autoretry_for)
