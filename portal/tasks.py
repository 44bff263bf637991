"""Celery tasks of the portal: thin wrappers that take ids and call one service.

Job tasks (a seller watches them on the jobs page) use `portal.jobs.JobTask`; periodic
housekeeping tasks are scheduled in settings.CELERY_BEAT_SCHEDULE.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from portal.jobs import JobTask
from portal.services.jobs import fail_abandoned_jobs as fail_abandoned_jobs_service
from portal.services.jobs import run_job
from portal.services.marketplace_readiness import marketplace_readiness_work


@shared_task(base=JobTask, bind=True, name="portal.tasks.check_marketplace_readiness")
def check_marketplace_readiness(self, job_id: int) -> None:
    run_job(job_id, marketplace_readiness_work, retry_on=self.autoretry_for)


@shared_task(name="portal.tasks.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete Idempotency-Key records older than settings.IDEMPOTENCY_KEY_TTL."""
    from portal.services.idempotency import purge_expired_records

    return purge_expired_records(older_than=settings.IDEMPOTENCY_KEY_TTL)


@shared_task(name="portal.tasks.fail_abandoned_jobs")
def fail_abandoned_jobs() -> int:
    """Fail the job runs no worker will finish (see the service for the rules)."""
    return fail_abandoned_jobs_service()
