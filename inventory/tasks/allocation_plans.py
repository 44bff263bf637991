"""Celery tasks of allocation plans (their names contain "allocation": the `allocation` queue)."""

from __future__ import annotations

from celery import shared_task

from inventory.services.allocation_plans import allocation_plan_work, start_weekly_allocation_plans
from portal.jobs import TRANSIENT_ERRORS
from portal.services.jobs import run_job
from portal.tasks.base import JobTask


@shared_task(base=JobTask, bind=True, name="inventory.tasks.run_allocation_plan")
def run_allocation_plan(self, job_id: int) -> None:
    run_job(job_id, allocation_plan_work, retry_on=self.autoretry_for)


@shared_task(
    name="inventory.tasks.plan_allocation_weekly",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def plan_allocation_weekly() -> int:
    """Weekly, after the forecasts: one planning job per seller with pool stock."""
    return start_weekly_allocation_plans()
