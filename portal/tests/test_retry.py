"""A transaction the database aborts to break a lock tie is done again, and when it keeps
failing the caller gets 503 with Retry-After, never a 500."""

import pytest
from django.db import OperationalError, transaction

from portal.api.errors import api_exception_handler
from portal.models import Seller
from portal.services import retry
from portal.services.retry import Busy, is_retryable, retry_on_conflict


class _DeadlockDetected(Exception):
    sqlstate = "40P01"


def _deadlock() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = _DeadlockDetected()
    return error


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch):
    monkeypatch.setattr(retry, "FIRST_PAUSE", 0)


def test_deadlocks_serialisation_failures_and_sqlite_locks_are_retryable():
    serialisation = OperationalError("could not serialize access")
    serialisation.__cause__ = type("SerializationFailure", (Exception,), {"sqlstate": "40001"})()
    assert is_retryable(_deadlock())
    assert is_retryable(serialisation)
    assert is_retryable(OperationalError("database is locked"))
    assert not is_retryable(OperationalError("no such table: x"))
    assert not is_retryable(ValueError("database is locked"))


@pytest.mark.django_db(transaction=True)
def test_aborted_work_is_done_again_from_the_start_and_only_its_last_attempt_counts():
    attempts = []

    @retry_on_conflict
    def rename():
        attempts.append(1)
        Seller.objects.filter(slug="tie").update(name=f"attempt {len(attempts)}")
        if len(attempts) < 3:
            raise _deadlock()
        return len(attempts)

    Seller.objects.create(slug="tie", name="before")
    assert rename() == 3
    assert Seller.objects.get(slug="tie").name == "attempt 3"


@pytest.mark.django_db(transaction=True)
def test_work_aborted_every_time_is_busy_and_changes_nothing():
    @retry_on_conflict
    def rename():
        Seller.objects.filter(slug="tie").update(name="changed")
        raise _deadlock()

    Seller.objects.create(slug="tie", name="before")
    with pytest.raises(Busy):
        rename()
    assert Seller.objects.get(slug="tie").name == "before"


@pytest.mark.django_db(transaction=True)
def test_inside_an_open_transaction_the_error_goes_to_its_owner():
    calls = []

    @retry_on_conflict
    def work():
        calls.append(1)
        raise _deadlock()

    with pytest.raises(OperationalError), transaction.atomic():
        work()
    assert calls == [1]


def test_the_api_answers_a_lock_tie_with_503_and_retry_after():
    response = api_exception_handler(_deadlock(), {})
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response.data["code"] == "busy"
    assert "nothing was changed" in response.data["detail"]


def test_a_page_answers_a_lock_tie_with_the_503_page(rf):
    from portal.middleware import BusyDatabaseMiddleware

    middleware = BusyDatabaseMiddleware(lambda request: None)
    page = middleware.process_exception(rf.get("/inventory/orders/"), OperationalError("database is locked"))
    api = middleware.process_exception(rf.get("/api/v1/orders/"), _deadlock())
    assert (page.status_code, page["Retry-After"]) == (503, "1")
    assert b"503" in page.content
    assert (api.status_code, api["Content-Type"]) == (503, "application/json")
    assert middleware.process_exception(rf.get("/"), ValueError("other")) is None
