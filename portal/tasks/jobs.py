"""Housekeeping of job runs: fail those no worker will finish."""

from __future__ import annotations

from celery import shared_task

from portal.services.jobs import fail_abandoned_jobs as fail_abandoned_jobs_service


@shared_task(name="portal.tasks.fail_abandoned_jobs")
def fail_abandoned_jobs() -> int:
    """Fail the job runs no worker will finish (see the service for the rules)."""
    return fail_abandoned_jobs_service()
