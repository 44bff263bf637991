"""Job runs without a worker: the readiness work, idempotent tasks, on_commit, the abandoned-job sweep."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from portal.models import AuditEvent, JobRun, Marketplace
from portal.services.jobs import fail_abandoned_jobs, start_job
from portal.services.marketplace_readiness import KIND as READINESS
from portal.services.marketplace_readiness import check_marketplace, start_marketplace_readiness_check
from portal.tasks.marketplace_readiness import check_marketplace_readiness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_demo_pause(settings):
    settings.DEMO_JOB_STEP_SECONDS = 0


def start_then_fail(seller):
    """A caller whose transaction fails after it started a job."""
    with transaction.atomic():
        start_job(seller=seller, kind=READINESS)
        raise RuntimeError("the caller's transaction fails")


def test_readiness_check_of_every_marketplace(seller, owner):
    job = start_marketplace_readiness_check(seller=seller, started_by=owner)

    check_marketplace_readiness(job.pk)

    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.attempts) == ("succeeded", 23, 23, 1)
    assert (job.summary["checked"], job.summary["ready"]) == (23, 23)
    rows = {row["marketplace"]: row for row in job.summary["marketplaces"]}
    # JPY has no minor unit: 1234.50 + 10% consumption tax is 1357.95, shown as ¥1,358.
    assert rows["JP"]["samples"] == [
        {"locale": "ja_JP", "language_tag": "ja-JP", "amount": "1358", "formatted": "￥1,358"}
    ]
    # German format with 19% VAT; the US price is shown without sales tax.
    assert rows["DE"]["samples"][0]["formatted"] == "1.469,06\xa0€"
    assert [s["formatted"] for s in rows["US"]["samples"]] == ["$1,234.50", "$1,234.50"]
    assert job.started_at <= job.finished_at


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"currency": "EUR"}, {"field": "currency", "value": "EUR", "code": "not_used_in_country"}),
        ({"currency": "XQZ"}, {"field": "currency", "value": "XQZ", "code": "unknown_currency"}),
        ({"other_locales": ["xx_YY"]}, {"field": "locale", "value": "xx_YY", "code": "unknown_locale"}),
        (
            {"timezone": "Mars/Olympus"},
            {"field": "timezone", "value": "Mars/Olympus", "code": "unknown_timezone"},
        ),
        (
            {"vat_rate": Decimal("0.9000")},
            {"field": "vat_rate", "value": "0.9000", "code": "implausible_vat"},
        ),
    ],
)
def test_readiness_check_names_what_is_wrong(change, problem):
    marketplace = Marketplace.objects.get(code="JP")
    for field, value in change.items():
        setattr(marketplace, field, value)

    result = check_marketplace(marketplace)

    assert result["ready"] is False
    assert problem in result["problems"]


def test_running_a_finished_job_again_does_nothing(seller):
    job = start_marketplace_readiness_check(seller=seller)
    check_marketplace_readiness(job.pk)
    job.refresh_from_db()
    first = (job.status, job.attempts, job.started_at, job.finished_at, job.summary)

    check_marketplace_readiness(job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.started_at, job.finished_at, job.summary) == first


def test_a_task_for_a_missing_run_does_nothing():
    assert check_marketplace_readiness(987654) is None


def test_the_task_is_queued_only_when_the_transaction_commits(seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as rolled_back:
        with pytest.raises(RuntimeError):
            start_then_fail(seller)
    with django_capture_on_commit_callbacks(execute=False) as committed:
        start_job(seller=seller, kind=READINESS)

    assert rolled_back == []
    assert len(committed) == 1
    assert JobRun.objects.for_seller(seller).count() == 1


def test_abandoned_runs_are_failed_with_a_clear_error(seller, settings):
    settings.JOB_ABANDONED_AFTER = timedelta(hours=6)
    now = timezone.now()
    lost_worker = JobRun.objects.for_seller(seller).create(
        seller=seller, kind=READINESS, status="running", started_at=now - timedelta(hours=7)
    )
    never_picked = JobRun.objects.for_seller(seller).create(
        seller=seller, kind=READINESS, status="queued", created_at=now - timedelta(hours=7)
    )
    still_running = JobRun.objects.for_seller(seller).create(
        seller=seller, kind=READINESS, status="running", started_at=now - timedelta(hours=5)
    )
    long_done = JobRun.objects.for_seller(seller).create(
        seller=seller, kind=READINESS, status="succeeded", started_at=now - timedelta(days=2)
    )

    assert fail_abandoned_jobs(now=now) == 2

    for job in (lost_worker, never_picked, still_running, long_done):
        job.refresh_from_db()
    assert lost_worker.status == "failed"
    assert lost_worker.error.startswith("Abandoned: still running after 6.0 hours")
    assert never_picked.status == "failed"
    assert never_picked.error.startswith("Abandoned: no worker picked it up within 6.0 hours")
    assert never_picked.finished_at == now
    assert (still_running.status, still_running.error) == ("running", "")
    assert long_done.status == "succeeded"
    events = AuditEvent.objects.with_scopes_disabled().filter(seller=seller, action="job.abandoned")
    assert sorted(int(e.target_id) for e in events) == sorted([lost_worker.pk, never_picked.pk])
    assert fail_abandoned_jobs(now=now) == 0
