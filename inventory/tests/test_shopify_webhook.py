"""The Shopify webhook: Shopify's signature rule, repeat deliveries, unknown SKUs, tenants apart."""

import base64
import hashlib
import hmac
import json
import uuid
from pathlib import Path

import pytest

from inventory.models import (
    ChannelOrder,
    ChannelOrderLine,
    ShopifyWebhookDelivery,
    StockBalance,
    StockMovement,
)
from inventory.services import ledger
from inventory.services.shopify import sign
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory, ChannelSkuMappingFactory

PAYLOAD = Path(__file__).parent / "payloads" / "shopify_orders_create.json"
SECRET = "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"


@pytest.fixture
def body():
    return PAYLOAD.read_bytes()


@pytest.fixture
def shop(seller):
    return make_shop(seller)


def make_shop(seller):
    """A Shopify connection with two mapped SKUs, ten units of each at FC-US."""
    connection = ChannelConnectionFactory(
        seller=seller, name="Brightora", shop_domain="brightora.myshopify.com", webhook_secret=SECRET
    )
    lamp = ProductFactory(seller=seller, sku="BH-LAMP-01")
    utensils = ProductFactory(seller=seller, sku="BH-UTENSIL-12")
    ChannelSkuMappingFactory(
        seller=seller, connection=connection, channel_sku="BRIGHT-LAMP-WHT", product=lamp
    )
    ChannelSkuMappingFactory(
        seller=seller, connection=connection, channel_sku="BRIGHT-UTENSIL-12", product=utensils
    )
    for product in (lamp, utensils):
        ledger.receive(seller, product, node("FC-US"), 10, cause_type="inbound", cause_ref="INB-1")
    return connection


def deliver(
    client, connection, body, *, topic="orders/create", webhook_id=None, signature=None, secret=SECRET
):
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return client.post(
        connection.webhook_path,
        data=body,
        content_type="application/json",
        HTTP_X_SHOPIFY_TOPIC=topic,
        HTTP_X_SHOPIFY_HMAC_SHA256=signature if signature is not None else base64.b64encode(digest).decode(),
        HTTP_X_SHOPIFY_SHOP_DOMAIN=connection.shop_domain,
        HTTP_X_SHOPIFY_API_VERSION="2024-04",
        HTTP_X_SHOPIFY_WEBHOOK_ID=webhook_id or str(uuid.uuid4()),
    )


def state(unscoped):
    return (
        ChannelOrder.objects.count(),
        ChannelOrderLine.objects.count(),
        ShopifyWebhookDelivery.objects.count(),
        StockMovement.objects.count(),
        sorted(StockBalance.objects.values_list("product_id", "node_id", "on_hand", "reserved")),
    )


def test_signed_order_creates_an_order_and_its_reservation(client, seller, shop, body, unscoped):
    response = deliver(client, shop, body)
    assert response.status_code == 200, response.content
    order = ChannelOrder.objects.get()
    assert (order.seller, order.connection, order.external_id, order.reference) == (
        seller,
        shop,
        "5921417609371",
        "#1042",
    )
    assert (order.ship_to_country, order.currency, order.status) == ("US", "USD", "reserved")
    lines = {line.channel_sku: line for line in order.lines.all()}
    assert {sku: (line.quantity, line.quantity_reserved) for sku, line in lines.items()} == {
        "BRIGHT-LAMP-WHT": (2, 2),
        "BRIGHT-UTENSIL-12": (1, 1),
    }
    assert str(lines["BRIGHT-LAMP-WHT"].unit_price) == "24.99"
    reserved = dict(StockBalance.objects.filter(node__code="FC-US").values_list("product__sku", "reserved"))
    assert reserved == {"BH-LAMP-01": 2, "BH-UTENSIL-12": 1}


def test_the_signature_rule_is_shopifys(body):
    # Independent of our code: base64 of the raw HMAC-SHA256 digest, not its hex.
    expected = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    assert sign(SECRET, body) == expected


@pytest.mark.parametrize(
    "tamper",
    ["wrong secret", "edited body", "hex digest", "missing header"],
)
def test_bad_signature_answers_401_and_changes_nothing(client, shop, body, unscoped, tamper):
    before = state(unscoped)
    if tamper == "wrong secret":
        response = deliver(client, shop, body, secret="shpss_not_the_secret")
    elif tamper == "edited body":
        signature = sign(SECRET, body)
        edited = body.replace(b'"quantity": 2', b'"quantity": 9')
        response = deliver(client, shop, edited, signature=signature)
    elif tamper == "hex digest":
        response = deliver(
            client, shop, body, signature=hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        )
    else:
        response = deliver(client, shop, body, signature="")
    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert set(response.json()) == {"code", "detail", "fields"}
    assert state(unscoped) == before


def test_repeated_delivery_changes_nothing(client, shop, body, unscoped):
    first = deliver(client, shop, body, webhook_id="b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
    after_first = state(unscoped)
    again = deliver(client, shop, body, webhook_id="b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["duplicate"] is True
    assert state(unscoped) == after_first
    # A second delivery of the same order (a new webhook id) is recorded, the order is not duplicated.
    deliver(client, shop, body)
    assert ChannelOrder.objects.count() == 1
    assert StockMovement.objects.count() == after_first[3]


def test_unknown_sku_keeps_the_order_with_the_line_flagged(client, shop, body, unscoped):
    payload = json.loads(body)
    payload["line_items"][1]["sku"] = "NOT-MAPPED-77"
    response = deliver(client, shop, json.dumps(payload).encode())
    assert response.status_code == 200
    order = ChannelOrder.objects.get()
    unmapped = order.lines.get(channel_sku="NOT-MAPPED-77")
    assert unmapped.product is None
    assert unmapped.quantity == 1
    assert order.status == "backordered"  # the seller's default: wait for the whole order


def test_orders_cancelled_releases_the_reservation(client, shop, body, unscoped):
    deliver(client, shop, body)
    payload = json.loads(body)
    payload.update(
        cancelled_at="2024-05-02T11:02:44-04:00", cancel_reason="customer", financial_status="refunded"
    )
    response = deliver(client, shop, json.dumps(payload).encode(), topic="orders/cancelled")
    assert response.status_code == 200
    assert ChannelOrder.objects.get().status == "cancelled"
    assert list(StockBalance.objects.values_list("reserved", flat=True)) == [0, 0]


def test_a_shops_webhook_cannot_create_orders_for_another_seller(
    client, seller, other_seller, shop, body, unscoped
):
    theirs = ChannelConnectionFactory(
        seller=other_seller, name="Globex shop", webhook_secret="shpss_globex_secret"
    )
    # Signed with seller A's secret at seller B's address: refused.
    response = deliver(client, theirs, body)
    assert response.status_code == 401
    # Properly signed for B: the order is B's, never A's, and A's stock is untouched.
    response = deliver(client, theirs, body, secret="shpss_globex_secret")
    assert response.status_code == 200
    order = ChannelOrder.objects.get()
    assert order.seller == other_seller
    assert order.status == "backordered"
    assert order.lines.filter(product__isnull=False).count() == 0
    assert not StockBalance.objects.filter(reserved__gt=0).exists()


def test_unknown_address_answers_404(client, body, db):
    response = client.post(
        f"/webhooks/shopify/{uuid.uuid4()}/",
        data=body,
        content_type="application/json",
        HTTP_X_SHOPIFY_HMAC_SHA256=sign(SECRET, body),
    )
    assert response.status_code == 404
