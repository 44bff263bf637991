"""`Idempotency-Key` for POSTs that create things: a retried request is answered, not redone.

A partner sends `Idempotency-Key: <any unique string up to 200 characters>` with a POST.

- The first request runs; its response (status and body) is stored, 4xx included. A 5xx
  is not stored: the partner may retry with the same key and the request runs again.
- A repeat with the same key and the same body gets the stored response again, with the
  header `Idempotent-Replayed: true`, and nothing is created twice.
- The same key with another body is refused: 409 `idempotency_key_reused`.
- While the first request is still running, a repeat gets 409 `idempotency_key_in_progress`.

Keys are scoped to the caller (the API key, or the signed-in user), the method and the
path, so two partners of one seller cannot collide. Records expire after
settings.IDEMPOTENCY_KEY_TTL (`portal.services.idempotency.purge_expired_records`).

How the claim works: before the view runs, a row with no response yet is inserted in its
own transaction, so the unique constraint on (seller, key, method, path) lets exactly one
of two concurrent requests through; the other finds the claim and answers 409. A claim
left behind by a process that died is taken over after IDEMPOTENCY_IN_PROGRESS_TIMEOUT.

Use `IdempotentCreateMixin` on a viewset (it wraps `create`) and `@idempotent` on
`@action` methods and APIView `post` methods.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from portal.api.permissions import request_seller
from portal.exceptions import Conflict, InvalidInput
from portal.models import APIKey, IdempotencyRecord
from portal.services import retry

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200
# A claim older than this with no response belongs to a request that died.
IN_PROGRESS_TIMEOUT = timedelta(minutes=10)


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_detail = _(
        "This Idempotency-Key was already used with a different request body. "
        "Use a new key for a new request."
    )


class IdempotencyKeyInProgress(Conflict):
    code = "idempotency_key_in_progress"
    default_detail = _(
        "A request with this Idempotency-Key is still being processed. Retry after it has finished."
    )


class InvalidIdempotencyKey(InvalidInput):
    code = "invalid_idempotency_key"
    default_detail = _("The Idempotency-Key header is not valid.")


def _header_key(request: Request) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidIdempotencyKey(
            fields={
                HEADER: [
                    _("Send 1 to %(max)d printable ASCII characters, for example a UUID.")
                    % {"max": MAX_KEY_LENGTH}
                ]
            }
        )
    return key


def _caller(request: Request) -> str:
    if isinstance(request.auth, APIKey):
        return f"key:{request.auth.pk}"
    if request.user is not None and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "anonymous"


def _canonical(value):
    """A JSON-able form of parsed request data; files are represented by their content hash."""
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
    if hasattr(value, "lists"):  # QueryDict / MultiValueDict: keep repeated keys
        return {key: [_canonical(v) for v in values] for key, values in value.lists()}
    if isinstance(value, dict):
        return {str(key): _canonical(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def request_body_hash(request: Request) -> str:
    """SHA-256 of the parsed body: the same JSON with keys in another order is the same body."""
    data = request.data
    # A JSON body parses to plain dicts, lists and scalars, already canonical: only form and
    # multipart data (QueryDicts, files) need _canonical's walk, which costs tens of
    # milliseconds on a batch of a thousand items.
    if hasattr(data, "lists") or not isinstance(data, dict | list):
        data = _canonical(data)
    canonical = json.dumps(data, sort_keys=True, cls=JSONEncoder, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _stored_body(data):
    """The response data as plain JSON (Decimals, dates and lazy strings rendered as the API renders them)."""
    return json.loads(json.dumps(data, cls=JSONEncoder))


def _claim(*, seller, key: str, method: str, path: str, body_hash: str) -> IdempotencyRecord | Response:
    """Insert the claim row, or answer from the record already there.

    Returns the new claim, or the replayed Response. Raises IdempotencyKeyReused or
    IdempotencyKeyInProgress.
    """
    records = IdempotencyRecord.objects.for_seller(seller)
    lookup = {"key": key, "method": method, "path": path}
    for _attempt in range(3):
        try:
            # Its own transaction (a savepoint when one is open): the claim is visible
            # to concurrent requests as soon as it commits, before the view runs.
            with transaction.atomic():
                return records.create(seller=seller, body_hash=body_hash, **lookup)
        except IntegrityError:
            pass
        existing = records.filter(**lookup).first()
        if existing is None:
            continue  # released (a 5xx) or purged meanwhile: claim again
        now = timezone.now()
        expired = existing.created_at < now - settings.IDEMPOTENCY_KEY_TTL
        abandoned = existing.status_code is None and existing.created_at < now - IN_PROGRESS_TIMEOUT
        if expired or abandoned:
            records.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue
        if existing.body_hash != body_hash:
            raise IdempotencyKeyReused()
        if existing.status_code is None:
            raise IdempotencyKeyInProgress()
        return Response(
            existing.response_body, status=existing.status_code, headers={REPLAYED_HEADER: "true"}
        )
    raise IdempotencyKeyInProgress()


def run_idempotently(view, request: Request, handler: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """Run `handler` (the view's work) under the request's Idempotency-Key, if it has one.

    `view` is the APIView instance, used to turn an exception of the handler into its
    error response so that 4xx answers are stored like successes.
    """
    if request.method != "POST":
        return handler()
    key = _header_key(request)
    seller = request_seller(request)
    if key is None or seller is None:
        return handler()

    claim = _claim(
        seller=seller,
        key=f"{_caller(request)}:{key}",
        method=request.method,
        path=request.path,
        body_hash=request_body_hash(request),
    )
    if isinstance(claim, Response):
        return claim

    stored = False
    try:
        # The view's work and its stored response commit together: a request that
        # created something always leaves the response that says so.
        with transaction.atomic():
            response = _handle_retrying(view, handler)
            if isinstance(response, Response) and response.status_code < 500:
                claim.status_code = response.status_code
                claim.response_body = _stored_body(response.data)
                claim.save(update_fields=["status_code", "response_body"])
                stored = True
        return response
    finally:
        if not stored:
            # A 5xx (or an answer we cannot replay) releases the key for a retry.
            IdempotencyRecord.objects.for_seller(seller).filter(pk=claim.pk).delete()


def _handle_retrying(view, handler: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """The handler in a savepoint; on PostgreSQL a deadlock or serialisation failure rolls
    the savepoint back (releasing its locks) and runs the handler again, as
    `portal.services.retry` does for a whole transaction. Errors become their response."""
    pause = retry.FIRST_PAUSE
    for attempt in range(1, retry.ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return handler()
        except Exception as exc:
            again = connection.vendor == "postgresql" and attempt < retry.ATTEMPTS
            if not (again and retry.is_retryable(exc)):
                return view.handle_exception(exc)
            time.sleep(pause * (1 + random.random()))  # noqa: S311 - jitter, not secrecy
            pause *= 2
    raise AssertionError("unreachable")


def idempotent(method):
    """Decorator for `@action` methods and APIView handlers taking (self, request, ...)."""

    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        return run_idempotently(self, request, lambda: method(self, request, *args, **kwargs))

    wrapper.honours_idempotency_key = True  # read by the OpenAPI schema
    return wrapper


class IdempotentCreateMixin:
    """Honours `Idempotency-Key` on a viewset's `create` (POST to the list URL)."""

    def create(self, request, *args, **kwargs):
        parent = super().create
        return run_idempotently(self, request, lambda: parent(request, *args, **kwargs))
