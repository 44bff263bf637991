"""Retry of the transactions the database aborts to break a tie: deadlocks, serialisation
failures and (on the embedded SQLite default) a lock not granted within the busy timeout.

Services lock rows in one global order (docs/locking.md), so a deadlock is rare; it can
still happen (an index page split, a row another service locks out of order tomorrow).
The database then aborts one transaction and the work is safe to do again from the start:
nothing of it was committed. `retry_on_conflict` does that a few times, with a short
random pause so the two contenders do not collide again, and only at the outermost
transaction: inside someone else's `atomic()` the transaction is already lost and only
its owner can start it again, so the error travels up to it.

When every attempt fails the caller gets `Busy` (HTTP 503 with Retry-After), never a 500.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError

logger = logging.getLogger("portal.retry")

P = ParamSpec("P")
R = TypeVar("R")

# SQLSTATE of the failures PostgreSQL asks the client to retry.
DEADLOCK_DETECTED = "40P01"
SERIALIZATION_FAILURE = "40001"
RETRYABLE_SQLSTATES = frozenset({DEADLOCK_DETECTED, SERIALIZATION_FAILURE})

ATTEMPTS = 5
FIRST_PAUSE = 0.02  # seconds; doubled after each failed attempt, with jitter


class Busy(PortalError):
    """The database kept aborting the work to break a lock tie; nothing was changed."""

    code = "busy"
    status_code = 503
    retry_after = 1
    default_detail = _("The portal is busy with the same records right now; nothing was changed. Try again.")


def is_retryable(exc: BaseException) -> bool:
    """True for a deadlock, a serialisation failure or SQLite's "database is locked"."""
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    message = str(exc).lower()
    return "database is locked" in message or "database table is locked" in message


def retry_on_conflict(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` in its own transaction, again (up to ATTEMPTS times) when the database
    aborts it with a retryable error; raise `Busy` when every attempt was aborted.

    Inside an open transaction `func` runs once and a retryable error propagates.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if connection.in_atomic_block:
            return func(*args, **kwargs)
        pause = FIRST_PAUSE
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except DatabaseError as exc:
                if not is_retryable(exc):
                    raise
                logger.warning("%s aborted by the database (attempt %d): %s", func.__qualname__, attempt, exc)
                if attempt == ATTEMPTS:
                    raise Busy() from exc
                time.sleep(pause * (1 + random.random()))  # noqa: S311 - jitter, not secrecy
                pause *= 2
        raise AssertionError("unreachable")

    return wrapper
