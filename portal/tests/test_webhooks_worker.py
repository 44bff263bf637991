"""Webhooks through a real Celery worker on the real Redis broker and PostgreSQL: an event
emitted in a transaction is delivered, signed, once the transaction commits — and never
when it rolls back."""

from __future__ import annotations

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction

from portal.celery import app
from portal.models import WebhookDelivery
from portal.services import webhooks
from portal.tests.webhook_receiver import Receiver

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker(redis_url, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): a worker thread cannot share SQLite's test database")
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
    client = redis.Redis.from_url(redis_url)
    client.delete("default")
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=30
    ) as w:
        yield w
    client.delete("default")


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def emit_then_fail(seller):
    with transaction.atomic():
        webhooks.emit_event(seller=seller, type="stock.low", payload={"stock": {"sku": "ROLLED-BACK"}})
        raise RuntimeError("the caller's transaction fails")


def test_an_event_is_delivered_by_the_worker_after_commit_and_not_after_rollback(worker, receiver, seller):
    _endpoint, receiver.secret = webhooks.create_endpoint(
        seller=seller, url=receiver.url, events=["stock.low"]
    )
    with pytest.raises(RuntimeError):
        emit_then_fail(seller)
    with transaction.atomic():
        [delivery] = webhooks.emit_event(seller=seller, type="stock.low", payload={"stock": {"sku": "BH-1"}})

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if delivery.status == WebhookDelivery.Status.SUCCEEDED:
            break
        time.sleep(0.05)

    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    [got] = receiver.received
    assert got.verified
    assert got.payload["data"] == {"stock": {"sku": "BH-1"}}
