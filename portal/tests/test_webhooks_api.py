"""The webhook endpoints API and pages: who may do what, tenancy, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from portal.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from portal.services import webhooks
from portal.webhook_events import ORDER_CREATED

URL = "/api/v1/webhook-endpoints/"
PUBLIC_URL = "https://93.184.216.34/hooks"


@pytest.fixture
def hooks_api(make_api_client, seller):
    client, _key = make_api_client(seller, scopes=["webhooks:read", "webhooks:write"])
    return client


def make_endpoint(seller, url=PUBLIC_URL, events=(ORDER_CREATED,)):
    endpoint, _secret = webhooks.create_endpoint(seller=seller, url=url, events=list(events))
    return endpoint


def test_creating_an_endpoint_answers_the_secret_once(hooks_api, seller):
    response = hooks_api.post(
        URL, {"url": PUBLIC_URL, "events": ["order.created", "stock.low"]}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert body["events"] == ["order.created", "stock.low"]
    endpoint = WebhookEndpoint.objects.for_seller(seller).get()
    assert endpoint.secret == body["secret"]
    assert body["secret"] not in endpoint.secret_encrypted  # stored encrypted
    assert "secret" not in hooks_api.get(f"{URL}{endpoint.pk}/").json()
    again = hooks_api.post(
        URL, {"url": PUBLIC_URL, "events": ["order.created", "stock.low"]}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert again.headers["Idempotent-Replayed"] == "true"
    assert WebhookEndpoint.objects.for_seller(seller).count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"url": "http://169.254.169.254/latest/", "events": ["order.created"]}, "url", "non-public"),
        ({"url": "http://127.0.0.1:9/", "events": ["order.created"]}, "url", "non-public"),
        ({"url": "ftp://93.184.216.34/", "events": ["order.created"]}, "url", "http"),
        ({"url": PUBLIC_URL, "events": ["order.shipped"]}, "events.0", "not a valid choice"),
        ({"url": PUBLIC_URL, "events": []}, "events", "empty"),
        ({"events": ["order.created"]}, "url", "required"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(hooks_api, seller, body, field, message):
    response = hooks_api.post(URL, body)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid"
    assert message in " ".join(error["fields"][field])
    assert WebhookEndpoint.objects.for_seller(seller).count() == 0


def test_another_sellers_endpoints_and_deliveries_answer_404(hooks_api, other_seller):
    theirs = make_endpoint(other_seller)
    [delivery] = webhooks.emit_event(seller=other_seller, type=ORDER_CREATED, payload={"n": 1})
    for url in (
        f"{URL}{theirs.pk}/",
        f"{URL}{theirs.pk}/deliveries/",
        f"/api/v1/webhook-deliveries/{delivery.pk}/",
    ):
        assert hooks_api.get(url).status_code == 404, url
    assert hooks_api.patch(f"{URL}{theirs.pk}/", {"is_active": False}).status_code == 404
    assert hooks_api.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert hooks_api.post(f"{URL}{theirs.pk}/test/", {}).status_code == 404
    assert hooks_api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/").status_code == 404
    assert hooks_api.get(URL).json()["results"] == []
    assert hooks_api.get("/api/v1/webhook-deliveries/").json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.is_active


def test_a_viewer_cannot_create_endpoints(client, seller, make_member):
    viewer = make_member(seller, "viewer")
    client.force_login(viewer)
    response = client.post(
        URL, {"url": PUBLIC_URL, "events": ["order.created"]}, content_type="application/json"
    )
    assert response.status_code == 403
    page = client.post(reverse("webhooks"), {"url": PUBLIC_URL, "events": ["order.created"]})
    assert page.status_code == 403
    assert WebhookEndpoint.objects.for_seller(seller).count() == 0


def test_an_operator_cannot_create_endpoints_either(client, seller, make_member):
    client.force_login(make_member(seller, "operator"))
    response = client.post(
        URL, {"url": PUBLIC_URL, "events": ["order.created"]}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only owners and admins manage webhooks."


def test_a_key_without_the_webhooks_scope_is_refused(make_api_client, seller):
    client, _key = make_api_client(seller, scopes=["orders:read"])
    assert client.get(URL).json()["code"] == "insufficient_scope"


def test_deliveries_list_and_redeliver(hooks_api, seller):
    endpoint = make_endpoint(seller)
    [delivery] = webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1})
    listed = hooks_api.get(f"{URL}{endpoint.pk}/deliveries/").json()["results"]
    assert [row["message_id"] for row in listed] == [delivery.message_id]
    detail = hooks_api.get(f"/api/v1/webhook-deliveries/{delivery.pk}/").json()
    assert detail["payload"]["data"] == {"n": 1}
    assert detail["attempts"] == []
    WebhookDelivery.objects.for_seller(seller).filter(pk=delivery.pk).update(status="failed")
    response = hooks_api.post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver/")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="webhook_delivery.redelivered").count() == 1


def test_switching_off_and_on_by_patch(hooks_api, seller):
    endpoint = make_endpoint(seller)
    assert hooks_api.patch(f"{URL}{endpoint.pk}/", {"is_active": False}).json()["is_active"] is False
    assert webhooks.emit_event(seller=seller, type=ORDER_CREATED, payload={"n": 1}) == []
    assert WebhookDelivery.objects.for_seller(seller).count() == 0
    assert hooks_api.patch(f"{URL}{endpoint.pk}/", {"is_active": True}).json()["is_active"] is True


def test_test_event_refuses_an_event_the_endpoint_does_not_receive(hooks_api, seller):
    endpoint = make_endpoint(seller)
    response = hooks_api.post(f"{URL}{endpoint.pk}/test/", {"event_type": "stock.low"})
    assert response.status_code == 400
    assert "order.created" in response.json()["fields"]["event_type"][0]
    assert WebhookDelivery.objects.for_seller(seller).count() == 0


def test_list_takes_a_fixed_number_of_queries(hooks_api, seller, django_assert_num_queries):
    for n in range(5):
        make_endpoint(seller, url=f"https://93.184.216.{n + 1}/h")
    with django_assert_num_queries(3):  # key, its last-use stamp is fresh, endpoints
        response = hooks_api.get(URL)
    assert len(response.json()["results"]) == 5


# --- pages --------------------------------------------------------------------------------


def test_the_owner_adds_an_endpoint_on_the_page_and_sees_its_secret_once(owner_client, seller):
    response = owner_client.post(
        reverse("webhooks"), {"url": PUBLIC_URL, "events": ["order.created"], "description": "ERP"}
    )
    assert response.status_code == 201
    endpoint = WebhookEndpoint.objects.for_seller(seller).get()
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in owner_client.get(reverse("webhooks")).content.decode()


def test_the_page_names_the_bad_field(owner_client, seller):
    response = owner_client.post(
        reverse("webhooks"), {"url": "http://10.1.2.3/", "events": ["order.created"]}
    )
    assert response.status_code == 400
    assert "non-public address" in response.content.decode()
    assert WebhookEndpoint.objects.for_seller(seller).count() == 0


def test_the_pages_speak_chinese(owner_client, seller):
    endpoint = make_endpoint(seller)
    owner_client.cookies["django_language"] = "zh-hans"
    page = owner_client.get(reverse("webhook_detail", args=[endpoint.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "发送测试事件" in page.content.decode()


def test_the_test_event_button_queues_a_test_delivery(owner_client, seller):
    endpoint = make_endpoint(seller)
    response = owner_client.post(
        reverse("webhook_action", args=[endpoint.pk, "test"]), {"event_type": "order.created"}
    )
    assert response.status_code == 302
    delivery = WebhookDelivery.objects.for_seller(seller).get()
    assert delivery.is_test
    assert delivery.payload["test"] is True


def test_another_sellers_endpoint_pages_answer_404(owner_client, other_seller):
    theirs = make_endpoint(other_seller)
    [delivery] = webhooks.emit_event(seller=other_seller, type=ORDER_CREATED, payload={"n": 1})
    assert owner_client.get(reverse("webhook_detail", args=[theirs.pk])).status_code == 404
    assert owner_client.post(reverse("webhook_action", args=[theirs.pk, "delete"])).status_code == 404
    assert owner_client.get(reverse("webhook_delivery", args=[delivery.pk])).status_code == 404
    assert owner_client.post(reverse("webhook_redeliver", args=[delivery.pk])).status_code == 404
    assert WebhookEndpoint.objects.for_seller(other_seller).count() == 1


def test_a_viewer_is_refused_the_pages(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))
    assert client.get(reverse("webhooks")).status_code == 403
