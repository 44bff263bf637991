"""Transparency tasks: generating a batch of unit codes (a seller's JobRun)."""

from __future__ import annotations

from celery import shared_task

from brands.services.transparency import generate_codes_work
from portal.services.jobs import run_job
from portal.tasks.base import JobTask


@shared_task(base=JobTask, bind=True, name="brands.tasks.transparency.generate_codes")
def generate_codes(self, job_id: int) -> None:
    run_job(job_id, generate_codes_work, retry_on=self.autoretry_for)
