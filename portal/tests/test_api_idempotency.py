"""A POST repeated with the same Idempotency-Key is answered once and done once."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import IdempotencyRecord, JobRun
from portal.services.api_keys import create_api_key
from portal.services.idempotency import purge_expired_records
from portal.tasks.idempotency import purge_idempotency_records
from portal.tests import api_urls

pytestmark = pytest.mark.urls("portal.tests.api_urls")

BATCHES = "/api/v1/batches/"


def post(client, body, key, path=BATCHES):
    return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def jobs(seller):
    return JobRun.objects.for_seller(seller)


@pytest.mark.django_db
def test_same_key_same_body_replays_the_first_response(api, seller):
    first = post(api, {"kind": "import", "items": [{"sku": "A", "quantity": 2}]}, "order-1")
    again = post(api, {"items": [{"quantity": 2, "sku": "A"}], "kind": "import"}, "order-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert jobs(seller).count() == 1


@pytest.mark.django_db
def test_same_key_other_body_is_409_and_changes_nothing(api, seller):
    assert post(api, {"kind": "import"}, "order-1").status_code == 201
    response = post(api, {"kind": "export"}, "order-1")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(jobs(seller).values_list("kind", flat=True)) == ["import"]


@pytest.mark.django_db
def test_other_keys_and_no_key_create_each_time(api, seller):
    post(api, {"kind": "import"}, "a")
    post(api, {"kind": "import"}, "b")
    api.post(BATCHES, {"kind": "import"}, format="json")
    api.post(BATCHES, {"kind": "import"}, format="json")
    assert jobs(seller).count() == 4


@pytest.mark.django_db
def test_client_errors_are_stored_and_replayed(api, seller):
    first = post(api, {"kind": "conflict"}, "k")
    again = post(api, {"kind": "conflict"}, "k")
    assert first.status_code == again.status_code == 409
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_server_errors_are_not_stored_so_a_retry_runs_again(api, seller):
    assert post(api, {"kind": "crash"}, "k").status_code == 500
    assert not IdempotencyRecord.objects.for_seller(seller).exists()
    retry = post(api, {"kind": "crash"}, "k")
    assert retry.status_code == 500
    assert "Idempotent-Replayed" not in retry


@pytest.mark.django_db
def test_keys_belong_to_the_calling_api_key_and_seller(make_api_client, seller, other_seller):
    first, _ = make_api_client(seller, name="ERP")
    second, _ = make_api_client(seller, name="Agency")
    theirs, _ = make_api_client(other_seller)
    for client in (first, second, theirs):
        assert post(client, {"kind": "import"}, "shared").status_code == 201
    assert jobs(seller).count() == 2
    assert jobs(other_seller).count() == 1


@pytest.mark.django_db
def test_action_and_apiview_decorator(api, seller):
    restart = "/api/v1/batches/restart/"
    plain = "/api/v1/non-field/"
    assert post(api, {}, "r", restart).json() == post(api, {}, "r", restart).json()
    assert post(api, {"x": 1}, "p", plain).json() == post(api, {"x": 1}, "p", plain).json()
    assert post(api, {"x": 2}, "p", plain).json()["code"] == "idempotency_key_reused"
    assert sorted(jobs(seller).values_list("kind", flat=True)) == ["plain", "restart"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", " ", "x" * 201, "clé"])
def test_invalid_key_is_refused(api, seller, key):
    response = post(api, {"kind": "import"}, key)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_idempotency_key"
    assert list(body["fields"]) == ["Idempotency-Key"]
    assert not jobs(seller).exists()


def _record(seller, key_obj, key, **fields):
    return IdempotencyRecord.objects.for_seller(seller).create(
        seller=seller, key=f"key:{key_obj.pk}:{key}", method="POST", path=BATCHES, **fields
    )


@pytest.mark.django_db
def test_request_in_progress_is_409(make_api_client, seller):
    client, key_obj = make_api_client(seller)
    first = post(client, {"kind": "import"}, "k1")
    record = IdempotencyRecord.objects.for_seller(seller).get()
    # The same claim, as if the first request were still running.
    IdempotencyRecord.objects.for_seller(seller).filter(pk=record.pk).update(
        status_code=None, response_body=None
    )
    response = post(client, {"kind": "import"}, "k1")
    assert first.status_code == 201
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_progress"
    assert jobs(seller).count() == 1


@pytest.mark.django_db
def test_abandoned_claim_and_expired_record_are_taken_over(make_api_client, seller, settings):
    client, key_obj = make_api_client(seller)
    long_ago = timezone.now() - timedelta(hours=1)
    _record(seller, key_obj, "dead", body_hash="x", created_at=long_ago)
    expired = timezone.now() - settings.IDEMPOTENCY_KEY_TTL - timedelta(minutes=1)
    _record(
        seller, key_obj, "old", body_hash="x", status_code=201, response_body={"id": 0}, created_at=expired
    )
    assert post(client, {"kind": "import"}, "dead").status_code == 201
    assert post(client, {"kind": "import"}, "old").status_code == 201
    assert jobs(seller).count() == 2


@pytest.mark.django_db
def test_purge_deletes_only_expired_records(seller, other_seller, settings):
    now = timezone.now()
    for who in (seller, other_seller):
        IdempotencyRecord.objects.for_seller(who).create(
            seller=who, key="old", method="POST", path="/p", body_hash="h", created_at=now - timedelta(days=2)
        )
        IdempotencyRecord.objects.for_seller(who).create(
            seller=who,
            key="new",
            method="POST",
            path="/p",
            body_hash="h",
            created_at=now - timedelta(hours=1),
        )
    assert purge_expired_records(older_than=timedelta(days=1)) == 2
    assert purge_idempotency_records() == 0  # the task uses settings.IDEMPOTENCY_KEY_TTL (24 h)
    for who in (seller, other_seller):
        assert list(IdempotencyRecord.objects.for_seller(who).values_list("key", flat=True)) == ["new"]


def _clients(seller, count):
    """`count` API clients (one per thread) sending the same key."""
    _, raw = create_api_key(seller=seller, name="threads", scopes=["listings:write"])
    clients = [APIClient() for _ in range(count)]
    for client in clients:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return clients


def _in_thread(target, results, index, *args):
    def run():
        try:
            results[index] = target(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeat_is_409_in_progress_on_postgres(require_postgres, seller):
    worker, client = _clients(seller, 2)
    results = [None]
    api_urls.release_slow_batch.clear()
    try:
        first = _in_thread(post, results, 0, worker, {"kind": "slow"}, "race")
        deadline = time.monotonic() + 10
        while not IdempotencyRecord.objects.for_seller(seller).exists():
            assert time.monotonic() < deadline, "the first request never claimed its key"
            time.sleep(0.02)
        # The first request holds its claim inside the view: the repeat must not wait or run.
        second = post(client, {"kind": "slow"}, "race")
        assert second.status_code == 409
        assert second.json()["code"] == "idempotency_key_in_progress"
    finally:
        api_urls.release_slow_batch.set()
        first.join(30)
    assert results[0].status_code == 201
    replay = post(client, {"kind": "slow"}, "race")
    assert replay.json() == results[0].json()
    assert jobs(seller).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_create_one_object_on_postgres(require_postgres, seller):
    count = 6
    clients = _clients(seller, count)
    barrier = threading.Barrier(count)
    results = [None] * count

    def go(client):
        barrier.wait(5)
        return post(client, {"kind": "import"}, "burst")

    threads = [_in_thread(go, results, i, clients[i]) for i in range(count)]
    for thread in threads:
        thread.join(30)
    statuses = sorted(r.status_code for r in results)
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    created = [r for r in results if r.status_code == 201 and "Idempotent-Replayed" not in r]
    assert len(created) == 1
    assert jobs(seller).count() == 1
