"""Job runs through a real Celery worker on the real Redis broker and PostgreSQL.

The worker runs in this process (`celery.contrib.testing.worker.start_worker`), consumes
the `default` queue from Redis and writes JobRuns in the test database; the test only
enqueues and watches the rows, as the jobs page does.
"""

import time

import pytest
import redis
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError, connection, transaction

from portal.celery import app
from portal.jobs import register_job_kind
from portal.models import JobRun
from portal.services.jobs import run_job, start_job
from portal.services.marketplace_readiness import KIND as READINESS
from portal.services.marketplace_readiness import start_marketplace_readiness_check
from portal.tasks.base import JobTask

# serialized_rollback: the flush after each test would otherwise take the 23 marketplaces
# (reference data loaded by a migration) away from the tests that run after these.
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def flaky_work(job, progress):
    """Fails with a transient database error on the first attempt, then succeeds."""
    progress.set_total(2)
    if job.attempts == 1:
        raise OperationalError("server closed the connection unexpectedly")
    progress.advance(2)
    return {"attempt": job.attempts}


def broken_work(job, progress):
    raise ValueError("GTIN 6948123001014 has a wrong check digit")


def unreachable_work(job, progress):
    raise OperationalError("could not connect to server: Connection refused")


# Short backoff so the test waits a second, not half a minute; otherwise JobTask's own policy.
@shared_task(base=JobTask, bind=True, name="portal.tests.flaky_job", retry_backoff=1)
def flaky_job(self, job_id):
    run_job(job_id, flaky_work, retry_on=self.autoretry_for)


@shared_task(base=JobTask, bind=True, name="portal.tests.broken_job")
def broken_job(self, job_id):
    run_job(job_id, broken_work, retry_on=self.autoretry_for)


@shared_task(base=JobTask, bind=True, name="portal.tests.unreachable_job", retry_backoff=1, max_retries=2)
def unreachable_job(self, job_id):
    run_job(job_id, unreachable_work, retry_on=self.autoretry_for)


# Jobs are started by kind: each test task is the registered task of its kind.
register_job_kind("tests.flaky", "Flaky test job", task=flaky_job.name)
register_job_kind("tests.broken", "Broken test job", task=broken_job.name)
register_job_kind("tests.unreachable", "Unreachable test job", task=unreachable_job.name)


@pytest.fixture
def services(redis_url):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): a worker thread cannot share SQLite's test database")
    client = redis.Redis.from_url(redis_url)
    client.delete("default")
    yield client
    client.delete("default")


@pytest.fixture
def worker(services):
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=30
    ) as w:
        yield w


def wait_until_finished(job, timeout=30.0, observe=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if observe is not None:
            observe(job)
        if job.is_finished:
            return job
        time.sleep(0.05)
    pytest.fail(
        f"JobRun {job.pk} did not finish in {timeout} s: "
        f"{job.status} {job.progress_done}/{job.progress_total}"
    )


def start_then_fail(seller):
    """A caller whose transaction fails after it started a job."""
    with transaction.atomic():
        start_job(seller=seller, kind=READINESS)
        raise RuntimeError("the caller's transaction fails")


def test_demo_job_runs_on_the_worker_with_visible_progress(worker, seller, owner, settings):
    settings.DEMO_JOB_STEP_SECONDS = 0.1
    seen = set()
    job = start_marketplace_readiness_check(seller=seller, started_by=owner)

    wait_until_finished(job, observe=lambda j: seen.add((j.status, j.progress_done)))

    assert (job.status, job.progress_done, job.progress_total, job.attempts) == ("succeeded", 23, 23, 1)
    assert (job.summary["checked"], job.summary["ready"]) == (23, 23)
    assert job.error == ""
    assert any(status == "running" and 0 < done < 23 for status, done in seen), seen


def test_transient_error_is_retried_then_succeeds(worker, seller):
    job = start_job(seller=seller, kind="tests.flaky")

    wait_until_finished(job)

    assert (job.status, job.attempts, job.summary, job.error) == ("succeeded", 2, {"attempt": 2}, "")
    assert (job.progress_done, job.progress_total) == (2, 2)


def test_permanent_error_fails_the_run_at_once_with_the_error(worker, seller):
    job = start_job(seller=seller, kind="tests.broken")

    wait_until_finished(job)

    assert (job.status, job.attempts) == ("failed", 1)
    assert job.error == "ValueError: GTIN 6948123001014 has a wrong check digit"
    assert job.finished_at is not None


def test_transient_error_that_persists_fails_the_run_after_the_retries(worker, seller):
    job = start_job(seller=seller, kind="tests.unreachable")

    wait_until_finished(job)

    assert (job.status, job.attempts) == ("failed", 3)
    assert job.error == (
        "OperationalError: could not connect to server: Connection refused (gave up after 3 attempts)"
    )


def test_message_reaches_redis_only_when_the_transaction_commits(services, seller):
    with pytest.raises(RuntimeError):
        start_then_fail(seller)
    assert services.llen("default") == 0
    assert not JobRun.objects.for_seller(seller).exists()

    with transaction.atomic():
        job = start_job(seller=seller, kind=READINESS)
        assert services.llen("default") == 0  # not before the commit
    assert services.llen("default") == 1
    assert JobRun.objects.for_seller(seller).get().pk == job.pk
