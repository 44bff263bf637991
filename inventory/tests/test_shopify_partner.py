"""What Shopify really sends: test notifications, cancelled and voided orders, pick-up and
digital orders, long SKUs, and signed bodies that are not orders at all."""

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.models import ChannelConnection, ChannelOrder, ChannelOrderLine, StockBalance
from inventory.models.orders import OrderStatus, UnshippedOrders
from inventory.tests.factories import ProductFactory
from inventory.tests.test_shopify_webhook import PAYLOAD, deliver, make_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(seller):
    return make_shop(seller)


def order(**changes):
    body = json.loads(PAYLOAD.read_bytes())
    body.update(changes)
    return body


def send(client, connection, body, **kwargs):
    return deliver(client, connection, json.dumps(body).encode(), **kwargs)


def reserved():
    return sum(StockBalance.objects.values_list("reserved", flat=True))


def test_shopifys_test_notification_is_kept_as_a_test_and_reserves_nothing(client, shop, unscoped):
    response = send(client, shop, order(test=True, id=820982911946154508, name="#9999"))
    assert response.status_code == 200, response.content
    kept = ChannelOrder.objects.get()
    assert (kept.status, kept.external_id) == (OrderStatus.TEST, "820982911946154508")
    assert kept.lines.count() == 2
    assert reserved() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"cancelled_at": "2024-05-02T11:00:00-04:00", "cancel_reason": "customer"},
        {"financial_status": "voided"},
    ],
)
def test_an_order_cancelled_or_voided_before_it_reached_us_is_kept_cancelled(client, shop, unscoped, changes):
    assert send(client, shop, order(**changes)).status_code == 200
    assert ChannelOrder.objects.get().status == OrderStatus.CANCELLED
    assert reserved() == 0


def test_an_order_without_shipping_address_is_recorded_for_the_shop(client, shop, unscoped):
    """Pick-up in store: no shipping address. Shopify must not retry it for two days."""
    response = send(client, shop, order(shipping_address=None, shipping_lines=[]))
    assert response.status_code == 200, response.content
    assert ChannelOrder.objects.get().status == OrderStatus.RECORDED
    assert ChannelOrder.objects.get().ship_to_country == ""
    assert reserved() == 0


def test_a_digital_order_is_recorded_with_its_lines(client, shop, unscoped):
    body = order()
    for item in body["line_items"]:
        item["requires_shipping"] = False
    assert send(client, shop, body).status_code == 200
    kept = ChannelOrder.objects.get()
    assert (kept.status, kept.lines.count()) == (OrderStatus.RECORDED, 2)


def test_a_connection_set_to_reserve_unshipped_orders_reserves_for_the_billing_country(
    client, shop, unscoped
):
    shop.unshipped_orders = UnshippedOrders.RESERVE
    shop.save()
    assert send(client, shop, order(shipping_address=None)).status_code == 200
    kept = ChannelOrder.objects.get()
    assert (kept.status, kept.ship_to_country) == (OrderStatus.RESERVED, "US")
    assert reserved() == 3


def test_a_255_character_sku_is_kept(client, shop, unscoped):
    body = order()
    body["line_items"][0]["sku"] = "S" * 255
    assert send(client, shop, body).status_code == 200
    assert ChannelOrderLine.objects.filter(channel_sku="S" * 255).exists()


def test_every_error_of_an_order_is_named_in_fields_and_nothing_is_stored(client, shop, unscoped):
    body = order(created_at="2019-02-30T00:00:00Z", shipping_address="1 Main St")
    body["line_items"][0].update(quantity=2**31, price="1e30", sku="S" * 256)
    body["line_items"][1] = "BRIGHT-UTENSIL-12"
    response = send(client, shop, body)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert sorted(fields) == [
        "created_at",
        "line_items.0.price",
        "line_items.0.quantity",
        "line_items.0.sku",
        "line_items.1",
        "shipping_address",
    ]
    assert "is not a date and time that exists" in fields["created_at"][0]
    assert not ChannelOrder.objects.exists()


@pytest.mark.parametrize(
    "line_items", [{"sku": "BRIGHT-LAMP-WHT", "quantity": 1}, ["BRIGHT-LAMP-WHT"], [], None, "x"]
)
def test_line_items_that_are_not_a_list_of_objects_answer_400(client, shop, unscoped, line_items):
    response = send(client, shop, order(line_items=line_items))
    assert response.status_code == 400
    assert any(name.startswith("line_items") for name in response.json()["fields"])


def test_a_nul_byte_anywhere_we_keep_answers_400(client, shop, unscoped):
    response = send(client, shop, order(name="#10\x0042"))
    assert response.status_code == 400
    assert "NUL" in response.json()["fields"]["name"][0]


def test_a_non_numeric_content_length_answers_400_before_anything_else(client, shop, unscoped):
    response = client.post(
        shop.webhook_path, data=b"{}", content_type="application/json", CONTENT_LENGTH="12abc"
    )
    assert response.status_code == 400
    assert "Content-Length" in response.json()["fields"]


def test_a_duplicate_delivery_answers_the_order_it_created(client, shop, unscoped):
    webhook_id = str(uuid.uuid4())
    first = send(client, shop, order(), webhook_id=webhook_id).json()
    again = send(client, shop, order(), webhook_id=webhook_id).json()
    assert again == {"detail": "Already received.", "order": first["order"], "duplicate": True}


def test_a_webhook_id_longer_than_we_keep_is_refused_not_cut(client, shop, unscoped):
    response = send(client, shop, order(), webhook_id="w" * 101)
    assert response.status_code == 400
    assert "X-Shopify-Webhook-Id" in response.json()["fields"]
    assert not ChannelOrder.objects.exists()


def test_an_unmapped_line_takes_a_product_created_later_with_its_sku(
    client, seller, shop, unscoped, django_capture_on_commit_callbacks
):
    body = order()
    body["line_items"][0]["sku"] = "BH-NEW-99"
    send(client, shop, body)
    line = ChannelOrderLine.objects.get(channel_sku="BH-NEW-99")
    assert line.product_id is None
    with django_capture_on_commit_callbacks(execute=True):
        product = ProductFactory(seller=seller, sku="BH-NEW-99")
    line.refresh_from_db()
    assert line.product_id == product.pk


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.sampled_from(["2019-02-30T00:00:00Z", "1e30", "NaN", "\x00", "S" * 300]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)
ORDER_FIELDS = [
    "id",
    "name",
    "created_at",
    "currency",
    "shipping_address",
    "billing_address",
    "line_items",
    "test",
    "cancelled_at",
    "financial_status",
]
LINE_FIELDS = ["sku", "quantity", "price", "title", "name", "id", "requires_shipping"]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.dictionaries(st.sampled_from(ORDER_FIELDS), JSON_VALUES, max_size=3),
    line_changes=st.dictionaries(st.sampled_from(LINE_FIELDS), JSON_VALUES, max_size=3),
)
def test_fuzzed_signed_orders_never_fail(client, shop, unscoped, changes, line_changes):
    """Never a 500; an order is either stored whole (200) or not at all (400 naming fields)."""
    ChannelOrder.objects.all().delete()
    body = order(**changes)
    if (
        isinstance(body.get("line_items"), list)
        and body["line_items"]
        and isinstance(body["line_items"][0], dict)
    ):
        body["line_items"][0].update(line_changes)
    response = send(client, shop, body)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["fields"]
        assert not ChannelOrder.objects.exists()
    else:
        assert ChannelOrder.objects.count() == 1


def test_an_order_list_filter_with_an_impossible_offset_answers_400(seller):
    from rest_framework.test import APIClient

    from portal.services.api_keys import create_api_key

    _, raw = create_api_key(seller=seller, name="ERP", scopes=["orders:read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = api.get("/api/v1/orders/", {"created_after": "2026-01-01T00:00:00+16:00"})
    assert response.status_code == 400
    assert "created_after" in response.json()["fields"]
    assert api.get("/api/v1/orders/", {"created_after": "2026-01-01T00:00:00+08:00"}).status_code == 200


def test_the_seller_chooses_what_happens_to_orders_with_nothing_to_ship(owner_client, seller):
    response = owner_client.post(
        "/inventory/channels/",
        {
            "connection-channel": "shopify",
            "connection-name": "Pick-up shop",
            "connection-shop_domain": "pickup.myshopify.com",
            "connection-webhook_secret": "shpss_secret",
            "connection-unshipped_orders": "reserve",
        },
    )
    assert response.status_code == 302, response.content
    connection = ChannelConnection.objects.for_seller(seller).get(name="Pick-up shop")
    assert connection.unshipped_orders == UnshippedOrders.RESERVE
