"""Background jobs as the seller sees them: a JobRun per run, with progress and outcome.

A service starts a job with `start_job(...)`: the JobRun row is created in the caller's
transaction and the Celery task is queued only after that transaction commits, so a
worker never looks for a row that is not there yet.

Inside the task, `run_job(job_id, work)` re-enters the seller's scope, marks the run
running, calls `work(job, progress)` and records the outcome. Running it twice is safe:
a run that already finished is not run again. The task's base class
(`portal.jobs.JobTask`) retries transient errors and fails the run when it gives up.

`fail_abandoned_jobs()` is the periodic sweep for runs that no worker will finish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from portal.jobs import TRANSIENT_ERRORS, job_task_name
from portal.models import JobRun, Seller
from portal.services.audit import record_audit_event
from portal.tenancy import seller_scope

logger = logging.getLogger(__name__)


class JobProgress:
    """Handed to the work function: reports progress without a read-modify-write."""

    def __init__(self, job: JobRun):
        self.job = job

    def set_total(self, total: int) -> None:
        JobRun.objects.for_seller(self.job.seller).filter(pk=self.job.pk).update(progress_total=max(0, total))
        self.job.progress_total = max(0, total)

    def advance(self, done: int = 1) -> None:
        JobRun.objects.for_seller(self.job.seller).filter(pk=self.job.pk).update(
            progress_done=F("progress_done") + done
        )
        self.job.progress_done += done

    def set_done(self, done: int) -> None:
        JobRun.objects.for_seller(self.job.seller).filter(pk=self.job.pk).update(progress_done=done)
        self.job.progress_done = done


def _job_task(kind: str):
    """The Celery task registered for a kind of job, found by name: services never import tasks.

    A web process may not have imported an app's tasks yet (the worker's autodiscovery
    does that); the app's `tasks` package registers them all when imported.
    """
    name = job_task_name(kind)
    if name not in current_app.tasks:
        import_module(f"{name.split('.', 1)[0]}.tasks")
    return current_app.tasks[name]


def start_job(
    *,
    seller: Seller,
    kind: str,
    params: dict[str, Any] | None = None,
    started_by=None,
    api_key=None,
    total: int = 0,
) -> JobRun:
    """Create a queued JobRun and enqueue the task registered for `kind` (portal.jobs)
    with the run's id once the transaction commits. LookupError for an unregistered kind."""
    task = _job_task(kind)
    job = JobRun.objects.for_seller(seller).create(
        seller=seller,
        kind=kind,
        params=params or {},
        progress_total=total,
        started_by=started_by if started_by is not None and started_by.is_authenticated else None,
        started_by_api_key=api_key,
    )
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def run_job(
    job_id: int,
    work: Callable[[JobRun, JobProgress], dict | None],
    *,
    retry_on: tuple[type[BaseException], ...] = TRANSIENT_ERRORS,
) -> JobRun | None:
    """Run `work` for a queued or interrupted JobRun; skip one that already finished.

    `work` returns the summary (a JSON-able dict). Each attempt starts the work from
    the beginning (progress back to 0), so `work` must be safe to repeat. An exception
    in `retry_on` (a transient error) puts the run back to queued and is re-raised for
    Celery to retry; any other exception marks the run failed and is re-raised.
    Returns the finished JobRun, or None when there is no such run.
    """
    with scopes_disabled():
        job = JobRun.objects.select_related("seller").filter(pk=job_id).first()
    if job is None:
        logger.warning("JobRun %s does not exist; nothing to run.", job_id)
        return None
    if job.is_finished:
        logger.info("JobRun %s already %s; not running it again.", job_id, job.status)
        return job
    with seller_scope(job.seller):
        JobRun.objects.for_seller(job.seller).filter(pk=job.pk).update(
            status=JobRun.Status.RUNNING,
            started_at=job.started_at or timezone.now(),
            attempts=F("attempts") + 1,
            progress_done=0,
            error="",
        )
        job.refresh_from_db()
        try:
            summary = work(job, JobProgress(job))
        except retry_on as exc:
            mark_job_retrying(job.pk, error=f"{type(exc).__name__}: {exc}")
            raise
        except Exception as exc:
            finish_job(job, status=JobRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
            raise
        summary = summary or {}
        # Work that returns a `warning` ran to the end without doing what it was for.
        status = JobRun.Status.WARNING if summary.get("warning") else JobRun.Status.SUCCEEDED
        finish_job(job, status=status, summary=summary)
    return job


def finish_job(job: JobRun, *, status: str, summary: dict | None = None, error: str = "") -> None:
    values: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error[:5000]}
    if summary is not None:
        values["summary"] = summary
    if status in (JobRun.Status.SUCCEEDED, JobRun.Status.WARNING):
        values["progress_done"] = F("progress_total")
    JobRun.objects.for_seller(job.seller).filter(pk=job.pk).update(**values)
    job.refresh_from_db()


def mark_job_retrying(job_id: int, *, error: str) -> None:
    """A transient error: the run goes back to queued, keeping the error for the page."""
    with scopes_disabled():
        JobRun.objects.filter(pk=job_id).exclude(status__in=JobRun.FINISHED).update(
            status=JobRun.Status.QUEUED, error=error[:5000]
        )


def fail_unfinished_job(job_id: int, *, error: str) -> bool:
    """Mark a run failed unless it already finished; True when it was marked.

    Called when a task gives up (retries exhausted): the run may be queued (between
    retries) or running.
    """
    with scopes_disabled():
        updated = (
            JobRun.objects.filter(pk=job_id)
            .exclude(status__in=JobRun.FINISHED)
            .update(status=JobRun.Status.FAILED, finished_at=timezone.now(), error=error[:5000])
        )
    return bool(updated)


def fail_abandoned_jobs(*, older_than: timedelta | None = None, now: datetime | None = None) -> int:
    """Fail the runs that no worker will finish; returns how many were failed.

    - `running` and started more than `older_than` ago (default
      settings.JOB_ABANDONED_AFTER): the worker running it was lost. The broker
      redelivers an unacknowledged message after its visibility timeout, which is shorter
      than JOB_ABANDONED_AFTER, so a run still `running` after that will not resume.
    - `queued` and created more than `older_than` ago: its message was lost or is stuck
      behind a queue that is not served. Such runs are failed, not re-enqueued: a
      message may still be waiting, and a run enqueued twice would do the work twice if
      both arrived before either finished; the seller sees the error and starts it again.

    Each failed run gets an audit event in its seller's log.
    """
    older_than = older_than if older_than is not None else settings.JOB_ABANDONED_AFTER
    now = now or timezone.now()
    cutoff = now - older_than
    hours = round(older_than.total_seconds() / 3600, 1)
    stale = Q(status=JobRun.Status.RUNNING, started_at__lt=cutoff) | Q(
        status=JobRun.Status.QUEUED, created_at__lt=cutoff
    )
    # Platform sweep over job metadata only (status and times), never a seller's data.
    with scopes_disabled(), transaction.atomic():
        abandoned = list(JobRun.objects.filter(stale).select_related("seller").select_for_update())
        for status, message in (
            (
                JobRun.Status.RUNNING,
                f"Abandoned: still running after {hours} hours; the worker running it was lost. "
                "Start the job again.",
            ),
            (
                JobRun.Status.QUEUED,
                f"Abandoned: no worker picked it up within {hours} hours. Start the job again.",
            ),
        ):
            ids = [job.pk for job in abandoned if job.status == status]
            if ids:
                JobRun.objects.filter(pk__in=ids, status=status).update(
                    status=JobRun.Status.FAILED, finished_at=now, error=message
                )
        for job in abandoned:
            record_audit_event(
                seller=job.seller,
                action="job.abandoned",
                summary=f"{job.kind} #{job.pk} was {job.status} since "
                f"{(job.started_at or job.created_at).isoformat()}",
                target=job,
            )
    return len(abandoned)
