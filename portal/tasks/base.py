"""The base of every Celery task that runs a seller's JobRun.

A job task is thin: it takes a JobRun id and calls `portal.services.jobs.run_job` with the
work function of a service. `JobTask` adds what every such task needs:

- transient errors (the database or Redis briefly unreachable, a time-out) are retried
  with exponential backoff and jitter, up to `max_retries` times; meanwhile the JobRun is
  back to `queued` with the last error shown;
- when the retries are exhausted, or the error is not transient, the JobRun ends `failed`
  with the error (`on_failure`), so a seller never watches a bar that will not move;
- `acks_late` with reject-on-worker-lost (settings): a worker that dies mid-job leaves the
  message to be delivered again, and `run_job` resumes a run that did not finish and skips
  one that did.
"""

from __future__ import annotations

import logging

from celery import Task
from django.utils.translation import ngettext

from portal.jobs import TRANSIENT_ERRORS
from portal.services.jobs import fail_unfinished_job

logger = logging.getLogger(__name__)


class JobTask(Task):
    """Base class of the tasks whose first argument is a JobRun id (see the module doc)."""

    autoretry_for = TRANSIENT_ERRORS
    max_retries = 5
    # Waits of about 2, 4, 8, 16, 32 s (capped at 5 minutes), each randomised by the
    # jitter so that jobs failing together do not all come back at the same second.
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    acks_late = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """The task gave up: mark its JobRun failed with the error, unless it already finished."""
        job_id = args[0] if args else kwargs.get("job_id")
        if job_id is None:
            return
        attempts = self.request.retries + 1
        reason = ngettext(
            "gave up after %(attempts)d attempt", "gave up after %(attempts)d attempts", attempts
        ) % {"attempts": attempts}
        fail_unfinished_job(job_id, error=f"{type(exc).__name__}: {exc} ({reason})")
        logger.error("Job task %s for JobRun %s failed: %s", self.name, job_id, exc)
