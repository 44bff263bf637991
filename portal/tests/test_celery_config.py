"""The Celery configuration the deployment relies on."""

from django.conf import settings

from portal.celery import app
from portal.jobs import TRANSIENT_ERRORS
from portal.tasks.base import JobTask
from portal.tasks.marketplace_readiness import check_marketplace_readiness


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"portal.tasks.purge_idempotency_records", "portal.tasks.fail_abandoned_jobs"} <= scheduled
    missing = scheduled - set(app.tasks)
    assert not missing, f"beat schedules tasks no worker knows: {sorted(missing)}"


def test_tasks_are_routed_to_their_queues():
    def queue_of(name):
        return app.amqp.router.route({}, name)["queue"].name

    assert queue_of("inventory.tasks.run_allocation") == "allocation"
    assert queue_of("logistics.tasks.sweep_tracking") == "tracking"
    assert queue_of("portal.tasks.check_marketplace_readiness") == "default"


def test_delivery_guarantees():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    task = check_marketplace_readiness
    assert isinstance(task, JobTask)
    assert (task.acks_late, task.max_retries, task.retry_jitter) == (True, 5, True)
    assert task.autoretry_for == TRANSIENT_ERRORS


def test_a_job_is_abandoned_only_after_the_broker_gave_up_redelivering_it():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    if visibility is not None:
        assert settings.JOB_ABANDONED_AFTER.total_seconds() > visibility
