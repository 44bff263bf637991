"""Outgoing webhooks: endpoints, events, signed deliveries with retries, the delivery log.

- `emit_event` / `emit_events` is what other apps call, inside their own transaction, at
  the moment something happens. One query finds the seller's endpoints subscribed to the
  event; with none, nothing else runs (the payload, if given as a function, is not even
  built). Otherwise a `WebhookDelivery` per endpoint and event is written in bulk and
  queued for sending once the transaction commits, so a rolled-back change sends nothing.
- `deliver` sends one delivery: signed by the Standard Webhooks scheme with the endpoint's
  secret (`webhook-id`, `webhook-timestamp`, `webhook-signature`, through the
  `standardwebhooks` library), POSTed through the SSRF guard (`portal.outbound_http`),
  each try logged as a `WebhookAttempt` (status, latency, start of the answer or error).
  A 2xx answer delivers; anything else is retried after RETRY_DELAYS, which grow three-fold
  from 30 seconds to about 18 hours: nine tries over about 27 hours.
- An endpoint whose every attempt has failed for settings.WEBHOOK_DISABLE_AFTER_DAYS is
  switched off and its owners are e-mailed.
- `redeliver` sends a delivery again by hand (same `webhook-id`, so receivers can tell).
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from importlib import import_module

import httpx
from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from portal.encryption import encrypt
from portal.exceptions import Conflict, InvalidInput
from portal.models import Membership, Role, Seller, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from portal.outbound_http import AddressRefused, check_url, post_guarded
from portal.services.audit import record_audit_event
from portal.webhook_events import EVENT_TYPES

logger = logging.getLogger(__name__)

DELIVER_TASK = "portal.tasks.deliver_webhooks"
TASK_BATCH = 50
# POSTs of one batch in flight at once.
SEND_THREADS = 8
# Waits after the 1st, 2nd, … failed try: 30 s, 1.5 min, 4.5 min, 13.5 min, 40.5 min,
# 2 h, 6 h, 18 h — nine tries over about 27 hours, each wait three times the last.
RETRY_DELAYS = tuple(timedelta(seconds=30 * 3**n) for n in range(8))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A worker holds a delivery this long at most; a claim older than that was lost (a killed
# worker) and the sweep queues the delivery again.
CLAIM_SECONDS = 300
DESCRIPTION_MAX_LENGTH = WebhookEndpoint._meta.get_field("description").max_length
URL_MAX_LENGTH = WebhookEndpoint._meta.get_field("url").max_length
USER_AGENT = "NGGS-Webhooks/1.0"


# --- endpoints ------------------------------------------------------------------------------


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _clean_endpoint_input(*, url: str | None, events: list[str] | None, description: str | None) -> dict:
    """The validated fields that were given (None: not given). Raises InvalidInput naming each field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    if url is not None:
        url = url.strip()
        if not url:
            errors["url"] = [_("Enter the URL that receives the events.")]
        elif len(url) > URL_MAX_LENGTH:
            errors["url"] = [_("Use at most %(max)d characters.") % {"max": URL_MAX_LENGTH}]
        else:
            try:
                check_url(url, require_https=settings.WEBHOOK_REQUIRE_HTTPS)
            except ValueError as exc:
                errors["url"] = [str(exc)]
            except AddressRefused as exc:
                errors["url"] = [exc.reason]
        cleaned["url"] = url
    if events is not None:
        if isinstance(events, str) or not isinstance(events, Iterable):
            errors["events"] = [_("Send a list of event names.")]
        else:
            events = [str(event) for event in events]
            unknown = sorted(set(events) - EVENT_TYPES.keys())
            if unknown:
                errors["events"] = [
                    _("Unknown event(s): %(unknown)s. Allowed: %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": ", ".join(EVENT_TYPES)}
                ]
            elif not events:
                errors["events"] = [_("Choose at least one event.")]
            cleaned["events"] = [name for name in EVENT_TYPES if name in set(events)]
    if description is not None:
        description = description.strip()
        if len(description) > DESCRIPTION_MAX_LENGTH:
            errors["description"] = [_("Use at most %(max)d characters.") % {"max": DESCRIPTION_MAX_LENGTH}]
        cleaned["description"] = description
    if errors:
        raise InvalidInput(_("The webhook endpoint could not be saved."), fields=errors)
    return cleaned


@transaction.atomic
def create_endpoint(
    *, seller: Seller, url: str, events: list[str], description: str = "", created_by=None, api_key=None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret, which is shown this once (it is stored encrypted).

    Raises InvalidInput naming the field: a URL that is not http(s) (https in production),
    has credentials, or whose host resolves to a non-public address; unknown or no events.
    """
    cleaned = _clean_endpoint_input(url=url, events=events, description=description)
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.for_seller(seller).create(
        seller=seller,
        secret_encrypted=encrypt(secret),
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        **cleaned,
    )
    record_audit_event(
        seller=seller,
        actor=created_by,
        api_key=api_key,
        action="webhook_endpoint.created",
        summary=endpoint.url,
        target=endpoint,
        data={"events": endpoint.events},
    )
    return endpoint, secret


@transaction.atomic
def update_endpoint(
    *,
    seller: Seller,
    endpoint_id: int,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    actor=None,
    api_key=None,
) -> WebhookEndpoint:
    """Change what was given; switching an endpoint back on forgets its failures.

    Raises WebhookEndpoint.DoesNotExist (another seller's too) and InvalidInput.
    """
    endpoint = WebhookEndpoint.objects.for_seller(seller).select_for_update().get(pk=endpoint_id)
    cleaned = _clean_endpoint_input(url=url, events=events, description=description)
    for name, value in cleaned.items():
        setattr(endpoint, name, value)
    if is_active is not None and is_active != endpoint.is_active:
        endpoint.is_active = is_active
        endpoint.failing_since = None
        endpoint.disabled_at = None if is_active else timezone.now()
        endpoint.disabled_reason = "" if is_active else _("Switched off by hand.")
    endpoint.save()
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="webhook_endpoint.updated",
        summary=endpoint.url,
        target=endpoint,
        data={"events": endpoint.events, "is_active": endpoint.is_active},
    )
    return endpoint


@transaction.atomic
def rotate_secret(
    *, seller: Seller, endpoint_id: int, actor=None, api_key=None
) -> tuple[WebhookEndpoint, str]:
    """A new signing secret for the endpoint, shown once; the old one stops signing at once."""
    endpoint = WebhookEndpoint.objects.for_seller(seller).select_for_update().get(pk=endpoint_id)
    secret = new_secret()
    endpoint.secret_encrypted = encrypt(secret)
    endpoint.save(update_fields=["secret_encrypted"])
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="webhook_endpoint.secret_rotated",
        summary=endpoint.url,
        target=endpoint,
    )
    return endpoint, secret


@transaction.atomic
def delete_endpoint(*, seller: Seller, endpoint_id: int, actor=None, api_key=None) -> None:
    """Delete the endpoint and its delivery log. Raises WebhookEndpoint.DoesNotExist."""
    endpoint = WebhookEndpoint.objects.for_seller(seller).get(pk=endpoint_id)
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="webhook_endpoint.deleted",
        summary=endpoint.url,
        data={"id": endpoint.pk},
    )
    endpoint.delete()


# --- events ---------------------------------------------------------------------------------


def _json_safe(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def envelope(event_type: str, data: dict, *, at=None) -> dict:
    """The message body: `{"type", "timestamp", "data"}`."""
    at = at or timezone.now()
    return {"type": event_type, "timestamp": at.isoformat().replace("+00:00", "Z"), "data": data}


def _task():
    if DELIVER_TASK not in current_app.tasks:
        import_module("portal.tasks")
    return current_app.tasks[DELIVER_TASK]


def _enqueue(items: list[tuple[int, int]]) -> None:
    """Queue (seller id, delivery id) pairs as tasks of up to TASK_BATCH deliveries of one
    seller: a burst of events costs the broker one message per batch, not per delivery,
    and the batches still spread over the worker's processes."""
    task = _task()
    by_seller: dict[int, list[int]] = {}
    for seller_id, delivery_id in items:
        by_seller.setdefault(seller_id, []).append(delivery_id)
    for seller_id, ids in by_seller.items():
        for start in range(0, len(ids), TASK_BATCH):
            task.delay(seller_id, ids[start : start + TASK_BATCH])


def emit_events(
    *, seller: Seller, type: str, payloads: Iterable[dict] | Callable[[], Iterable[dict]]
) -> list[WebhookDelivery]:
    """Queue one message per payload for each of the seller's active endpoints subscribed
    to `type`; sent after the surrounding transaction commits.

    `payloads` may be a function returning them, called only when an endpoint listens.
    Raises ValueError for an event type the catalogue does not know (a programming error).
    """
    if type not in EVENT_TYPES:
        raise ValueError(f"Unknown webhook event type {type!r}.")
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.for_seller(seller).filter(is_active=True).only("pk", "events")
        if type in endpoint.events
    ]
    if not endpoints:
        return []
    items = payloads() if callable(payloads) else payloads
    now = timezone.now()
    deliveries = [
        WebhookDelivery(
            seller=seller,
            endpoint_id=endpoint.pk,
            message_id=new_message_id(),
            event_type=type,
            payload=envelope(type, _json_safe(data), at=now),
            next_attempt_at=now,
        )
        for data in items
        for endpoint in endpoints
    ]
    WebhookDelivery.objects.for_seller(seller).bulk_create(deliveries)
    queued = [(seller.pk, delivery.pk) for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(queued))
    return deliveries


def emit_event(*, seller: Seller, type: str, payload: dict | Callable[[], dict]) -> list[WebhookDelivery]:
    """One event (see `emit_events`); `payload` may be a function building it."""
    return emit_events(
        seller=seller, type=type, payloads=(lambda: [payload()]) if callable(payload) else [payload]
    )


@transaction.atomic
def send_test_event(*, seller: Seller, endpoint_id: int, event_type: str = "", actor=None) -> WebhookDelivery:
    """Send the endpoint the documented example of one of its events, marked `"test": true`.

    Sent even when the endpoint is switched off, so a fixed receiver can be checked before
    switching it back on. Raises WebhookEndpoint.DoesNotExist and InvalidInput (an event
    the endpoint does not receive).
    """
    endpoint = WebhookEndpoint.objects.for_seller(seller).get(pk=endpoint_id)
    event_type = event_type or (endpoint.events[0] if endpoint.events else "")
    if event_type not in endpoint.events:
        raise InvalidInput(
            fields={
                "event_type": [
                    _("Choose one of the endpoint's events: %(events)s.")
                    % {"events": ", ".join(endpoint.events)}
                ]
            }
        )
    body = envelope(event_type, EVENT_TYPES[event_type].example)
    body["test"] = True
    delivery = WebhookDelivery.objects.for_seller(seller).create(
        seller=seller,
        endpoint=endpoint,
        message_id=new_message_id(),
        event_type=event_type,
        payload=body,
        is_test=True,
        next_attempt_at=timezone.now(),
        by_hand=True,
    )
    transaction.on_commit(lambda: _enqueue([(seller.pk, delivery.pk)]))
    return delivery


@transaction.atomic
def redeliver(*, seller: Seller, delivery_id: int, actor=None, api_key=None) -> WebhookDelivery:
    """Send a delivery again now, by hand, whatever its state (a delivered one too).

    Raises WebhookDelivery.DoesNotExist (another seller's too), Conflict when the endpoint
    is switched off (switch it back on first) or the delivery is being sent right now.
    """
    delivery = (
        WebhookDelivery.objects.for_seller(seller)
        .select_for_update()
        .select_related("endpoint")
        .get(pk=delivery_id)
    )
    if not delivery.endpoint.is_active:
        raise Conflict(_("The endpoint is switched off; switch it back on to redeliver."))
    if delivery.status == WebhookDelivery.Status.SENDING:
        raise Conflict(_("This delivery is being sent right now."))
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.by_hand = True
    delivery.save(update_fields=["status", "next_attempt_at", "by_hand"])
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="webhook_delivery.redelivered",
        summary=f"{delivery.event_type} {delivery.message_id}",
        target=delivery,
    )
    transaction.on_commit(lambda: _enqueue([(seller.pk, delivery.pk)]))
    return delivery


# --- sending --------------------------------------------------------------------------------


def signed_headers(*, secret: str, message_id: str, body: bytes, at) -> dict[str, str]:
    """The Standard Webhooks headers of one message."""
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def next_attempt_delay(attempts_made: int) -> timedelta | None:
    """The wait after `attempts_made` automatic tries have failed; None once they are used up."""
    if attempts_made < 1 or attempts_made > len(RETRY_DELAYS):
        return None
    return RETRY_DELAYS[attempts_made - 1]


def _claim(*, seller_id: int, delivery_ids: list[int], now) -> list[WebhookDelivery]:
    """Take the due deliveries among `delivery_ids` for this worker (of two workers, one
    gets each) with their endpoints: one UPDATE and one SELECT for the whole batch."""
    claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
    rows = WebhookDelivery.objects.with_scopes_disabled().filter(pk__in=delivery_ids, seller_id=seller_id)
    claimed = rows.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now).update(
        status=WebhookDelivery.Status.SENDING,
        claimed_until=claimed_until,
        attempt_count=F("attempt_count") + 1,
    )
    if not claimed:
        return []
    return list(
        rows.filter(status=WebhookDelivery.Status.SENDING, claimed_until=claimed_until)
        .select_related("endpoint", "seller")
        .order_by("pk")
    )


def _send(delivery: WebhookDelivery, secret: str, now) -> WebhookAttempt:
    """POST one delivery through the guard; the attempt as it is to be logged (not saved)."""
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    status_code, excerpt, error = None, "", ""
    started = time.monotonic()
    try:
        headers = signed_headers(secret=secret, message_id=delivery.message_id, body=body, at=now)
        answer = post_guarded(
            delivery.endpoint.url, content=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
        )
        status_code, excerpt = answer.status_code, answer.excerpt
        if 300 <= status_code < 400:
            error = _("Redirects are not followed; give the final URL.")
    except AddressRefused as exc:
        error = exc.reason
    except ValueError as exc:
        error = str(exc)
    except httpx.TimeoutException:
        error = _("No answer within %(seconds)s seconds.") % {"seconds": settings.WEBHOOK_TIMEOUT_SECONDS}
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    return WebhookAttempt(
        seller_id=delivery.seller_id,
        delivery=delivery,
        number=delivery.attempt_count,
        manual=delivery.by_hand,
        started_at=now,
        status_code=status_code,
        latency_ms=int((time.monotonic() - started) * 1000),
        response_excerpt=excerpt[:500],
        error=str(error)[:300],
        succeeded=status_code is not None and 200 <= status_code < 300,
    )


def deliver_batch(*, seller_id: int, delivery_ids: list[int]) -> list[WebhookAttempt]:
    """Send the seller's due deliveries among `delivery_ids` once each and log the attempts.

    Deliveries not due (already delivered, waiting for their next try, taken by another
    worker) are skipped, so running it twice sends nothing twice. The POSTs go out in
    parallel (SEND_THREADS), so one slow receiver holds the batch for one time-out, not
    one per message. The attempts and outcomes are written in bulk, in one transaction.
    """
    now = timezone.now()
    deliveries = _claim(seller_id=seller_id, delivery_ids=list(delivery_ids), now=now)
    if not deliveries:
        return []
    seller = deliveries[0].seller
    sendable, dropped = [], []
    for delivery in deliveries:
        (sendable if delivery.endpoint.is_active or delivery.is_test else dropped).append(delivery)
    secrets_by_endpoint = {d.endpoint_id: d.endpoint.secret for d in sendable}
    if len(sendable) > 1:
        with ThreadPoolExecutor(max_workers=min(SEND_THREADS, len(sendable))) as pool:
            attempts = list(pool.map(lambda d: _send(d, secrets_by_endpoint[d.endpoint_id], now), sendable))
    else:
        attempts = [_send(d, secrets_by_endpoint[d.endpoint_id], now) for d in sendable]
    with transaction.atomic():
        WebhookAttempt.objects.for_seller(seller).bulk_create(attempts)
        _record_outcomes(seller=seller, attempts=attempts, dropped=dropped, now=now)
    return attempts


def deliver(*, seller_id: int, delivery_id: int) -> WebhookAttempt | None:
    """Send one due delivery once (see `deliver_batch`); None when it is not due."""
    attempts = deliver_batch(seller_id=seller_id, delivery_ids=[delivery_id])
    return attempts[0] if attempts else None


def _record_outcomes(*, seller: Seller, attempts: list[WebhookAttempt], dropped: list, now) -> None:
    deliveries = WebhookDelivery.objects.for_seller(seller)
    done = {"claimed_until": None, "by_hand": False}
    if dropped:
        # Their endpoint was switched off after they were queued: nothing is sent.
        deliveries.filter(pk__in=[d.pk for d in dropped]).update(
            status=WebhookDelivery.Status.FAILED, next_attempt_at=None, **done
        )
    succeeded = [a.delivery_id for a in attempts if a.succeeded]
    if succeeded:
        deliveries.filter(pk__in=succeeded).update(
            status=WebhookDelivery.Status.SUCCEEDED, delivered_at=now, next_attempt_at=None, **done
        )
    # Failed ones wait according to how many tries they have had (tries by hand count too).
    waits: dict[timedelta | None, list[int]] = {}
    for attempt in attempts:
        if not attempt.succeeded:
            delay = None if attempt.delivery.is_test else next_attempt_delay(attempt.number)
            waits.setdefault(delay, []).append(attempt.delivery_id)
    for delay, ids in waits.items():
        deliveries.filter(pk__in=ids).update(
            status=WebhookDelivery.Status.PENDING if delay else WebhookDelivery.Status.FAILED,
            next_attempt_at=now + delay if delay else None,
            **done,
        )
    # The endpoints' failing clocks: a success stops it, a first failure starts it.
    outcome: dict[int, tuple[WebhookEndpoint, bool]] = {}
    for attempt in attempts:
        if attempt.delivery.is_test:
            continue
        endpoint = attempt.delivery.endpoint
        ok = outcome.get(endpoint.pk, (endpoint, False))[1] or attempt.succeeded
        outcome[endpoint.pk] = (endpoint, ok)
    endpoints = WebhookEndpoint.objects.for_seller(seller)
    for endpoint, ok in outcome.values():
        if ok:
            if endpoint.failing_since is not None:
                endpoints.filter(pk=endpoint.pk).update(failing_since=None)
        elif endpoint.failing_since is None:
            endpoints.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
        elif endpoint.is_active and endpoint.failing_since <= now - timedelta(
            days=settings.WEBHOOK_DISABLE_AFTER_DAYS
        ):
            _switch_off(seller=seller, endpoint=endpoint, now=now)


def _switch_off(*, seller: Seller, endpoint: WebhookEndpoint, now) -> None:
    """Switch off an endpoint that has failed for days, once, and tell its owners by e-mail."""
    days = settings.WEBHOOK_DISABLE_AFTER_DAYS
    reason = _("Every attempt failed for %(days)d days.") % {"days": days}
    switched = (
        WebhookEndpoint.objects.for_seller(seller)
        .filter(pk=endpoint.pk, is_active=True)
        .update(is_active=False, disabled_at=now, disabled_reason=reason)
    )
    if not switched:
        return
    # Deliveries still waiting would only fail again; the seller can redeliver them later.
    WebhookDelivery.objects.for_seller(seller).filter(
        endpoint=endpoint, status=WebhookDelivery.Status.PENDING
    ).update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
    record_audit_event(
        seller=seller,
        action="webhook_endpoint.switched_off",
        summary=f"{endpoint.url}: {reason}",
        target=endpoint,
    )
    recipients = list(
        Membership.objects.filter(seller=seller, role__in=[Role.OWNER, Role.ADMIN])
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if recipients:
        context = {"seller": seller, "endpoint": endpoint, "days": days, "reason": reason}
        subject = render_to_string("portal/email/webhook_switched_off_subject.txt", context).strip()
        body = render_to_string("portal/email/webhook_switched_off_body.txt", context)
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
        )


def retry_due_deliveries(*, now=None) -> int:
    """Queue every delivery whose next try is due, and those a lost worker held; returns how many.

    Reads delivery ids of every seller (technical rows, nothing of their content), so it
    runs unscoped without opening the audited platform scope; each delivery is then sent
    in its own seller's rows.
    """
    now = now or timezone.now()
    rows = WebhookDelivery.objects.with_scopes_disabled()
    rows.filter(status=WebhookDelivery.Status.SENDING, claimed_until__lt=now).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=now, claimed_until=None
    )
    due = list(
        rows.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("seller_id", "pk")[:10_000]
    )
    _enqueue(due)
    return len(due)
