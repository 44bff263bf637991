"""Outgoing webhooks: signed messages, retries with growing waits, the log, the SSRF guard."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.exceptions import InvalidInput
from portal.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from portal.outbound_http import AddressRefused, check_url
from portal.services import webhooks
from portal.tests.webhook_receiver import Receiver
from portal.webhook_events import ORDER_CREATED, STOCK_LOW


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
    settings.WEBHOOK_TIMEOUT_SECONDS = 5


@pytest.fixture
def receiver(loopback_allowed):
    server = Receiver().start()
    yield server
    server.stop()


def make_endpoint(seller, receiver, events=(ORDER_CREATED,)):
    endpoint, secret = webhooks.create_endpoint(seller=seller, url=receiver.url, events=list(events))
    receiver.secret = secret
    return endpoint


def deliver_all(seller):
    for delivery in WebhookDelivery.objects.for_seller(seller).order_by("pk"):
        webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)


def test_a_receiver_built_on_the_standard_webhooks_library_verifies_our_signature(seller, receiver):
    endpoint = make_endpoint(seller, receiver)
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"order": {"id": 7}})

    attempt = webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)

    [got] = receiver.received
    assert got.verified is True
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.headers["webhook-signature"].startswith("v1,")
    assert got.payload["type"] == "order.created"
    assert got.payload["data"] == {"order": {"id": 7}}
    assert attempt.succeeded is True
    assert attempt.status_code == 200
    assert attempt.response_excerpt == '{"ok": true}'
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert endpoint.secret == receiver.secret


def test_a_message_signed_with_another_secret_fails_the_receivers_check(seller, receiver):
    make_endpoint(seller, receiver)
    receiver.secret = webhooks.new_secret()  # the partner holds a different secret
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"order": {"id": 7}})
    webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    assert receiver.received[0].verified is False


def test_only_subscribed_active_endpoints_get_the_event_and_payload_functions_run_only_then(seller, receiver):
    make_endpoint(seller, receiver, events=[STOCK_LOW])
    built = []
    assert webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload=lambda: built.append(1) or {}) == []
    assert built == []
    assert WebhookDelivery.objects.for_seller(seller).count() == 0


def test_a_failing_endpoint_is_retried_with_growing_delays_and_every_attempt_is_logged(
    seller, receiver, monkeypatch
):
    receiver.statuses = [500, 503, 502, 200]
    receiver.answer = b"receiver down for maintenance"
    make_endpoint(seller, receiver)
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"order": {"id": 1}})
    clock = [timezone.now()]
    monkeypatch.setattr(webhooks.timezone, "now", lambda: clock[0])

    waits = []
    for _ in range(4):
        assert webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk) is not None
        delivery.refresh_from_db()
        if delivery.next_attempt_at is not None:
            waits.append(delivery.next_attempt_at - clock[0])
            # Not due yet: a second run of the task changes nothing.
            assert webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk) is None
            clock[0] = delivery.next_attempt_at

    assert waits == [timedelta(seconds=30), timedelta(seconds=90), timedelta(seconds=270)]
    attempts = list(WebhookAttempt.objects.for_seller(seller).filter(delivery=delivery))
    assert [(a.number, a.status_code, a.succeeded) for a in attempts] == [
        (1, 500, False),
        (2, 503, False),
        (3, 502, False),
        (4, 200, True),
    ]
    assert attempts[0].response_excerpt == "receiver down for maintenance"
    assert all(a.latency_ms is not None for a in attempts)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert len(receiver.received) == 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1


def test_the_retry_schedule_spans_about_a_day_and_then_gives_up():
    total = sum(webhooks.RETRY_DELAYS, timedelta())
    assert timedelta(hours=22) <= total <= timedelta(hours=30)
    assert all(b > a for a, b in zip(webhooks.RETRY_DELAYS, webhooks.RETRY_DELAYS[1:], strict=False))
    assert webhooks.next_attempt_delay(webhooks.MAX_ATTEMPTS) is None


def test_an_endpoint_failing_for_days_is_switched_off(seller, receiver, monkeypatch, settings):
    receiver.statuses = [500]
    endpoint = make_endpoint(seller, receiver)
    clock = [timezone.now()]
    monkeypatch.setattr(webhooks.timezone, "now", lambda: clock[0])
    [first] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    webhooks.deliver(seller_id=seller.pk, delivery_id=first.pk)
    endpoint.refresh_from_db()
    assert endpoint.failing_since == clock[0]
    assert endpoint.is_active

    clock[0] += timedelta(days=settings.WEBHOOK_DISABLE_AFTER_DAYS, minutes=1)
    [later] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 2})
    webhooks.deliver(seller_id=seller.pk, delivery_id=later.pk)

    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.disabled_reason
    first.refresh_from_db()
    assert first.status == WebhookDelivery.Status.FAILED  # waiting retries stop with it


def test_the_switch_off_email_goes_to_the_owners(
    seller, owner, receiver, monkeypatch, settings, django_capture_on_commit_callbacks
):
    owner.email = "owner@acme.example"
    owner.save()
    receiver.statuses = [500]
    endpoint = make_endpoint(seller, receiver)
    endpoint.failing_since = timezone.now() - timedelta(days=settings.WEBHOOK_DISABLE_AFTER_DAYS + 1)
    endpoint.save()
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    [message] = mail.outbox
    assert message.to == ["owner@acme.example"]
    assert endpoint.url in message.subject
    assert not WebhookEndpoint.objects.for_seller(seller).get(pk=endpoint.pk).is_active


def test_a_success_clears_the_failing_clock(seller, receiver):
    receiver.statuses = [500, 200]
    endpoint = make_endpoint(seller, receiver)
    [a] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    webhooks.deliver(seller_id=seller.pk, delivery_id=a.pk)
    endpoint.refresh_from_db()
    assert endpoint.failing_since is not None
    [b] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 2})
    webhooks.deliver(seller_id=seller.pk, delivery_id=b.pk)
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


def test_redeliver_by_hand_sends_the_same_message_again_and_logs_it_as_manual(seller, receiver):
    make_endpoint(seller, receiver)
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    webhooks.redeliver(seller=seller, delivery_id=delivery.pk)
    webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    attempts = list(WebhookAttempt.objects.for_seller(seller).filter(delivery=delivery))
    assert [(a.number, a.manual, a.succeeded) for a in attempts] == [(1, False, True), (2, True, True)]
    assert receiver.received[0].body == receiver.received[1].body
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]


def test_redirects_are_not_followed(seller, receiver):
    receiver.statuses = [302]
    receiver.redirect_to = "http://169.254.169.254/latest/meta-data/"
    make_endpoint(seller, receiver)
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    attempt = webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    assert attempt.status_code == 302
    assert attempt.succeeded is False
    assert "Redirects are not followed" in attempt.error
    assert len(receiver.received) == 1


def test_a_test_event_sends_the_documented_example_marked_as_a_test(seller, receiver):
    endpoint = make_endpoint(seller, receiver, events=[STOCK_LOW])
    delivery = webhooks.send_test_event(seller=seller, endpoint_id=endpoint.pk)
    webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    [got] = receiver.received
    assert got.verified
    assert got.payload["test"] is True
    assert got.payload["type"] == STOCK_LOW
    assert got.payload["data"]["stock"]["band_days"] == 28


# --- the SSRF guard ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://192.168.1.10/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://localhost/hooks",
    ],
)
def test_non_public_addresses_are_refused_when_the_endpoint_is_created(seller, url, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = False
    with pytest.raises(InvalidInput) as caught:
        webhooks.create_endpoint(seller=seller, url=url, events=[ORDER_CREATED])
    assert "non-public address" in caught.value.fields["url"][0]
    assert WebhookEndpoint.objects.for_seller(seller).count() == 0


def fake_dns(monkeypatch, mapping):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in mapping:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in mapping[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_hostname_resolving_to_the_metadata_address_is_refused(monkeypatch):
    fake_dns(monkeypatch, {"metadata.partner.example": ["169.254.169.254"]})
    with pytest.raises(AddressRefused, match="169.254.169.254"):
        check_url("https://metadata.partner.example/hooks", require_https=True)


def test_every_resolved_address_is_checked_not_only_the_first(monkeypatch):
    fake_dns(monkeypatch, {"mixed.partner.example": ["93.184.216.34", "127.0.0.1"]})
    with pytest.raises(AddressRefused, match="127.0.0.1"):
        check_url("https://mixed.partner.example/hooks", require_https=True)


def test_a_host_that_turns_private_after_creation_is_refused_at_delivery_and_logged(
    seller, monkeypatch, settings
):
    """DNS rebinding: public when the endpoint was saved, loopback when the message goes."""
    settings.WEBHOOK_REQUIRE_HTTPS = False
    fake_dns(monkeypatch, {"rebind.partner.example": ["93.184.216.34"]})
    endpoint, _secret = webhooks.create_endpoint(
        seller=seller, url="http://rebind.partner.example/hooks", events=[ORDER_CREATED]
    )
    fake_dns(monkeypatch, {"rebind.partner.example": ["127.0.0.1"]})
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    attempt = webhooks.deliver(seller_id=seller.pk, delivery_id=delivery.pk)
    assert attempt.status_code is None
    assert not attempt.succeeded
    assert "127.0.0.1" in attempt.error
    assert "non-public" in attempt.error
    assert endpoint.pk


def test_production_requires_https(seller, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    with pytest.raises(InvalidInput) as caught:
        webhooks.create_endpoint(seller=seller, url="http://93.184.216.34/hooks", events=[ORDER_CREATED])
    assert caught.value.fields["url"] == ["Use an https:// URL."]


def test_loopback_is_refused_unless_the_test_allowance_is_on(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with pytest.raises(AddressRefused):
        check_url("http://127.0.0.1:8080/", require_https=False)
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    check_url("http://127.0.0.1:8080/", require_https=False)
    with pytest.raises(AddressRefused):
        check_url("http://169.254.169.254/", require_https=False)


def test_unknown_events_are_named(seller, settings):
    with pytest.raises(InvalidInput) as caught:
        webhooks.create_endpoint(seller=seller, url="https://93.184.216.34/h", events=["order.shipped"])
    assert caught.value.fields["events"][0].startswith(
        "Unknown event(s): order.shipped. Allowed: order.created"
    )


def test_a_batch_logs_each_attempt_and_a_failure_does_not_hold_back_the_others(seller, loopback_allowed):
    good, bad = Receiver().start(), Receiver(statuses=[500]).start()
    try:
        good.secret = webhooks.create_endpoint(seller=seller, url=good.url, events=[ORDER_CREATED])[1]
        bad.secret = webhooks.create_endpoint(seller=seller, url=bad.url, events=[ORDER_CREATED])[1]
        deliveries = webhooks.emit_events(seller=seller, type=ORDER_CREATED, payloads=[{"n": 1}, {"n": 2}])
        attempts = webhooks.deliver_batch(seller_id=seller.pk, delivery_ids=[d.pk for d in deliveries])
        again = webhooks.deliver_batch(seller_id=seller.pk, delivery_ids=[d.pk for d in deliveries])
    finally:
        good.stop()
        bad.stop()
    assert sorted(a.status_code for a in attempts) == [200, 200, 500, 500]
    assert again == []
    statuses = sorted(WebhookDelivery.objects.for_seller(seller).values_list("status", flat=True))
    assert statuses == ["pending", "pending", "succeeded", "succeeded"]
    assert WebhookAttempt.objects.for_seller(seller).count() == 4
    assert len(good.received) == 2
    assert all(r.verified for r in good.received)


def test_production_settings_never_allow_loopback_and_require_https():
    import os
    import secrets
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {
        **os.environ,
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": "l1wdrd2tpAhrSb0M9bdqxQ_VgqY3h5Bn1W7Qy4hTVNo=",
        "WEBHOOK_ALLOW_LOOPBACK_FOR_BENCH": "1",
    }
    code = "from portal import settings as s; print(s.WEBHOOK_ALLOW_LOOPBACK, s.WEBHOOK_REQUIRE_HTTPS)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
