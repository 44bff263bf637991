"""A shipped Shopify order goes back to its shop with the tracking number, retried like webhooks.

The shop is a fake Shopify at the HTTP boundary (httpx.MockTransport) answering with
recorded GraphQL Admin API payloads.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from inventory.models import ShopifyAccess, ShopifyFulfilment
from inventory.services import ledger, shopify_admin, shopify_fulfilments
from inventory.services.orders import receive_channel_order, ship_order
from inventory.services.shopify import order_input_from_payload
from inventory.services.shopify_fulfilments import push_fulfilment, set_access_token
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory
from portal.exceptions import InvalidInput
from portal.services.api_keys import create_api_key
from portal.services.webhooks import RETRY_DELAYS

PAYLOADS = Path(__file__).parent / "payloads"
TOKEN = "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"


def recorded(name):
    return json.loads((PAYLOADS / name).read_text())


class FakeShopify:
    """Answers the GraphQL Admin API like a shop: fails first with the given answers."""

    def __init__(self, failures=()):
        self.failures = list(failures)
        self.calls = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.calls.append((request, body))
        if request.headers.get("X-Shopify-Access-Token") != TOKEN:
            return httpx.Response(401, json={"errors": "[API] Invalid API key or access token"})
        if self.failures:
            status, payload = self.failures.pop(0)
            return httpx.Response(status, json=payload)
        if "fulfillmentOrders" in body["query"]:
            return httpx.Response(200, json=recorded("shopify_graphql_fulfillment_orders.json"))
        return httpx.Response(200, json=recorded("shopify_graphql_fulfillment_create.json"))


@pytest.fixture
def shop_server(monkeypatch):
    server = FakeShopify()
    monkeypatch.setattr(
        shopify_admin, "http_client", lambda: httpx.Client(transport=httpx.MockTransport(server))
    )
    return server


@pytest.fixture
def shopify_order(seller):
    """The recorded Shopify order #1042, received and reserved from stock at the US FC."""
    connection = ChannelConnectionFactory(seller=seller, shop_domain="brightora.myshopify.com")
    for sku in ("BRIGHT-LAMP-WHT", "BRIGHT-UTENSIL-12"):
        product = ProductFactory(seller=seller, sku=sku)
        ledger.receive(seller, product, node("FC-US"), 10, cause_type="inbound", cause_ref="INB-1")
    data = order_input_from_payload(recorded("shopify_orders_create.json"))
    order, _created = receive_channel_order(seller=seller, connection=connection, data=data)
    return order


def test_a_shipped_shopify_order_is_fulfilled_in_the_shop_with_its_tracking_number(
    seller, shopify_order, shop_server
):
    set_access_token(seller=seller, connection=shopify_order.connection, access_token=TOKEN)
    ship_order(
        seller=seller, order=shopify_order, tracking_number="1Z999AA10123456784", tracking_company="UPS"
    )
    fulfilment = ShopifyFulfilment.objects.for_seller(seller).get()

    push_fulfilment(seller_id=seller.pk, fulfilment_id=fulfilment.pk)

    fulfilment.refresh_from_db()
    assert fulfilment.status == ShopifyFulfilment.Status.SUCCEEDED
    assert fulfilment.shopify_fulfillment_id == "gid://shopify/Fulfillment/5377381548187"
    (query_request, query), (create_request, create) = shop_server.calls
    assert str(query_request.url) == "https://brightora.myshopify.com/admin/api/2025-07/graphql.json"
    assert query["variables"] == {"id": "gid://shopify/Order/5921417609371"}
    assert create["variables"]["fulfillment"] == {
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": "gid://shopify/FulfillmentOrder/6895614509211",
                "fulfillmentOrderLineItems": [
                    {"id": "gid://shopify/FulfillmentOrderLineItem/14930811732123", "quantity": 2},
                    {"id": "gid://shopify/FulfillmentOrderLineItem/14930811764891", "quantity": 1},
                ],
            }
        ],
        "notifyCustomer": True,
        "trackingInfo": {"number": "1Z999AA10123456784", "company": "UPS"},
    }
    # Run twice (a redelivered task message): nothing is sent again.
    assert push_fulfilment(seller_id=seller.pk, fulfilment_id=fulfilment.pk) is None
    assert len(shop_server.calls) == 2


def test_a_shop_that_fails_is_retried_with_growing_delays(seller, shopify_order, shop_server, monkeypatch):
    shop_server.failures = [
        (503, {"errors": "Service Unavailable"}),
        (200, recorded("shopify_graphql_throttled.json")),
    ]
    set_access_token(seller=seller, connection=shopify_order.connection, access_token=TOKEN)
    ship_order(seller=seller, order=shopify_order, tracking_number="1Z999AA10123456784")
    fulfilment = ShopifyFulfilment.objects.for_seller(seller).get()
    clock = [timezone.now()]
    monkeypatch.setattr(shopify_fulfilments.timezone, "now", lambda: clock[0])

    waits, errors = [], []
    for _ in range(3):
        push_fulfilment(seller_id=seller.pk, fulfilment_id=fulfilment.pk)
        fulfilment.refresh_from_db()
        errors.append((fulfilment.last_status_code, fulfilment.last_error))
        if fulfilment.next_attempt_at:
            waits.append(fulfilment.next_attempt_at - clock[0])
            clock[0] = fulfilment.next_attempt_at

    assert waits == [RETRY_DELAYS[0], RETRY_DELAYS[1]]
    assert waits[1] > waits[0]
    assert errors[0] == (503, 'Shopify answered 503: {"errors":"Service Unavailable"}')
    assert errors[1] == (200, "Shopify refused the call: Throttled")
    assert fulfilment.status == ShopifyFulfilment.Status.SUCCEEDED
    assert fulfilment.attempt_count == 3


def test_user_errors_fail_at_once_with_shopifys_message(seller, shopify_order, shop_server):
    shop_server.failures = [
        (200, recorded("shopify_graphql_fulfillment_orders.json")),
        (
            200,
            {
                "data": {
                    "fulfillmentCreate": {
                        "fulfillment": None,
                        "userErrors": [
                            {"field": ["fulfillment"], "message": "Fulfillment order does not exist."}
                        ],
                    }
                }
            },
        ),
    ]
    set_access_token(seller=seller, connection=shopify_order.connection, access_token=TOKEN)
    ship_order(seller=seller, order=shopify_order)
    fulfilment = ShopifyFulfilment.objects.for_seller(seller).get()
    push_fulfilment(seller_id=seller.pk, fulfilment_id=fulfilment.pk)
    fulfilment.refresh_from_db()
    assert fulfilment.status == ShopifyFulfilment.Status.FAILED
    assert fulfilment.next_attempt_at is None
    assert (
        fulfilment.last_error
        == "Shopify refused the fulfilment: fulfillment: Fulfillment order does not exist."
    )


def test_the_access_token_is_stored_encrypted(seller, shopify_order):
    set_access_token(seller=seller, connection=shopify_order.connection, access_token=TOKEN)
    access = ShopifyAccess.objects.for_seller(seller).get()
    assert TOKEN not in access.access_token_encrypted
    assert access.access_token == TOKEN


def test_a_token_that_is_not_an_admin_api_token_is_refused(seller, shopify_order):
    with pytest.raises(InvalidInput) as caught:
        set_access_token(seller=seller, connection=shopify_order.connection, access_token="hunter2")
    assert "shpat_" in caught.value.fields["access_token"][0]
    assert not ShopifyAccess.objects.for_seller(seller).exists()


def test_without_a_token_or_for_other_channels_nothing_is_reported(seller, shopify_order):
    ship_order(seller=seller, order=shopify_order)
    assert not ShopifyFulfilment.objects.for_seller(seller).exists()


def test_the_api_takes_the_tracking_details_and_keeps_the_token_secret(seller, shopify_order, other_seller):
    _key, raw = create_api_key(seller=seller, name="ERP", scopes=["orders:read", "orders:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/channel-connections/{shopify_order.connection_id}/shopify-access-token/"
    assert client.put(url, {"access_token": TOKEN}).status_code == 204
    bad = client.put(url, {"access_token": "nope"})
    assert bad.status_code == 400
    assert "access_token" in bad.json()["fields"]
    theirs = ChannelConnectionFactory(seller=other_seller)
    assert (
        client.put(
            f"/api/v1/channel-connections/{theirs.pk}/shopify-access-token/", {"access_token": TOKEN}
        ).status_code
        == 404
    )
    bad_url = client.post(f"/api/v1/orders/{shopify_order.pk}/ship/", {"tracking_url": "not a url"})
    assert bad_url.status_code == 400
    assert "tracking_url" in bad_url.json()["fields"]
    shipped = client.post(
        f"/api/v1/orders/{shopify_order.pk}/ship/",
        {"tracking_number": "YT2412345678901", "tracking_company": "YunExpress"},
    )
    assert shipped.status_code == 200
    listed = client.get("/api/v1/shopify-fulfilments/").json()["results"]
    assert [(row["tracking_number"], row["status"]) for row in listed] == [("YT2412345678901", "pending")]
    assert TOKEN not in json.dumps(listed)


def test_the_order_page_ships_with_the_tracking_number_for_the_shop(seller, shopify_order, owner_client):
    set_access_token(seller=seller, connection=shopify_order.connection, access_token=TOKEN)
    response = owner_client.post(
        f"/inventory/orders/{shopify_order.pk}/ship/",
        {"tracking_number": "YT2412345678901", "tracking_company": "YunExpress"},
    )
    assert response.status_code == 302
    fulfilment = ShopifyFulfilment.objects.for_seller(seller).get()
    assert (fulfilment.tracking_number, fulfilment.tracking_company) == ("YT2412345678901", "YunExpress")
