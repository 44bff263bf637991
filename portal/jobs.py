"""The registry of job kinds, and the errors a job retries.

Job kinds are registered with a human label for the jobs page and its filter, and the
name of the task that runs them:
`register_job_kind("listings.publish", _("Publish listings"), task="listings.tasks.publish_listings")`.
A service starts a job by its kind (`portal.services.jobs.start_job`), never by importing
the task: tasks import services, services never import tasks. The tasks' base class,
with its retry policy, is `portal.tasks.base.JobTask`.
"""

from __future__ import annotations

import logging
import socket

from django.db import InterfaceError, OperationalError
from django.utils.functional import Promise
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors worth another attempt: the work itself is fine, something it needs was briefly
# unavailable. Anything else (a bug, bad data) fails the run at once.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    TimeoutError,
    ConnectionError,
    socket.timeout,
)

_JOB_KINDS: dict[str, Promise | str] = {}
_JOB_TASKS: dict[str, str] = {}


def register_job_kind(kind: str, label: Promise | str, *, task: str = "") -> str:
    """Name a kind of job for the pages and the task (by its registered name) that runs it;
    returns the kind so modules can keep it as a constant."""
    _JOB_KINDS[kind] = label
    if task:
        _JOB_TASKS[kind] = task
    return kind


_JOB_RESULTS: dict[str, str] = {}
GENERIC_RESULT_TEMPLATE = "portal/job_results/summary.html"


def register_job_result(kind: str, template: str) -> None:
    """Name the template that shows a finished job's result (its summary) on the job's page.

    The template gets `job`; kinds without one show their summary as a list of figures.
    """
    _JOB_RESULTS[kind] = template


def job_result_template(kind: str) -> str:
    return _JOB_RESULTS.get(kind, GENERIC_RESULT_TEMPLATE)


def job_task_name(kind: str) -> str:
    """The name of the Celery task that runs jobs of this kind. LookupError if none is registered."""
    try:
        return _JOB_TASKS[kind]
    except KeyError:
        raise LookupError(f"No task is registered for jobs of kind {kind!r}.") from None


def job_kind_label(kind: str) -> Promise | str:
    """The registered label of a kind; an unregistered kind shows as itself."""
    return _JOB_KINDS.get(kind, kind)


def job_kind_choices() -> list[tuple[str, Promise | str]]:
    return sorted(_JOB_KINDS.items(), key=lambda item: str(item[1]))
