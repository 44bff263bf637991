"""Celery tasks of the listings app: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import JobTask
from portal.services.jobs import run_job


@shared_task(base=JobTask, bind=True, name="listings.tasks.publish_listings")
def publish_listings(self, job_id: int) -> None:
    from listings.services.publishing import publish_work

    run_job(job_id, publish_work, retry_on=self.autoretry_for)


@shared_task(name="listings.tasks.flag_expiring_compliance_documents")
def flag_expiring_compliance_documents() -> int:
    """Daily: flag the compliance documents that expire soon (see the service)."""
    from listings.services.compliance import flag_expiring_documents

    return flag_expiring_documents()
