"""The channel order pages: list, detail, connections, sales import; tenants apart; viewers read only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inventory.models import ChannelConnection, ChannelSkuMapping, RingFence, SalesDay
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import (
    ChannelConnectionFactory,
    ChannelOrderFactory,
    ChannelOrderLineFactory,
    OrderAllocationFactory,
)


@pytest.fixture
def shop(seller):
    return ChannelConnectionFactory(seller=seller, name="Brightora Shopify")


def test_order_list_filters_and_keeps_its_query_count(
    owner_client, seller, shop, django_assert_max_num_queries
):
    ebay = ChannelConnectionFactory(seller=seller, channel="ebay", name="eBay", shop_domain="")
    for index in range(30):
        order = ChannelOrderFactory(seller=seller, connection=shop if index % 3 else ebay, status="reserved")
        ChannelOrderLineFactory(seller=seller, order=order)
    url = reverse("inventory:orders")
    with django_assert_max_num_queries(10):
        response = owner_client.get(url, {"channel": "shopify"})
    assert response.status_code == 200
    assert len(response.context["orders"]) == 20
    response = owner_client.get(url, {"channel": "ebay", "status": "cancelled"})
    assert len(response.context["orders"]) == 0


def test_order_detail_shows_lines_and_allocations_by_node(owner_client, seller, shop):
    line = ChannelOrderLineFactory(seller=seller, order__connection=shop, channel_sku="BRIGHT-LAMP-WHT")
    OrderAllocationFactory(seller=seller, line=line, node=node("FC-US"), quantity=2)
    ChannelOrderLineFactory(seller=seller, order=line.order, product=None, channel_sku="UNKNOWN-9")
    response = owner_client.get(reverse("inventory:order_detail", args=[line.order.pk]))
    body = response.content.decode()
    assert "BRIGHT-LAMP-WHT" in body
    assert "FC-US: 2" in body
    assert "Unmapped" in body


def test_another_sellers_order_and_connection_answer_404(owner_client, other_seller):
    theirs = ChannelOrderFactory(seller=other_seller)
    assert owner_client.get(reverse("inventory:order_detail", args=[theirs.pk])).status_code == 404
    assert owner_client.post(reverse("inventory:order_cancel", args=[theirs.pk])).status_code == 404
    assert (
        owner_client.get(reverse("inventory:channel_connection", args=[theirs.connection.pk])).status_code
        == 404
    )
    response = owner_client.post(
        reverse("inventory:channel_connection", args=[theirs.connection.pk]),
        {"mapping-channel_sku": "X", "mapping-product_sku": "Y"},
    )
    assert response.status_code == 404


def test_cancel_from_the_page_releases(owner_client, seller, shop):
    lamp = ProductFactory(seller=seller, sku="BH-LAMP-01")
    ledger.receive(seller, lamp, node("FC-US"), 5, cause_type="inbound")
    from inventory.services.orders import OrderInput, OrderLineInput, receive_channel_order

    order, _ = receive_channel_order(
        seller=seller,
        connection=shop,
        data=OrderInput(
            external_id="1", ship_to_country="US", lines=[OrderLineInput(sku="BH-LAMP-01", quantity=2)]
        ),
    )
    response = owner_client.post(reverse("inventory:order_cancel", args=[order.pk]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled"


def test_create_shopify_connection_shows_the_webhook_url(owner_client, seller):
    response = owner_client.post(
        reverse("inventory:channel_connections"),
        {
            "connection-channel": "shopify",
            "connection-name": "Brightora",
            "connection-shop_domain": "brightora.myshopify.com",
            "connection-webhook_secret": "shpss_123",
        },
        follow=True,
    )
    connection = ChannelConnection.objects.for_seller(seller).get()
    assert f"http://testserver/webhooks/shopify/{connection.uuid}/" in response.content.decode()
    bad = owner_client.post(
        reverse("inventory:channel_connections"),
        {"connection-channel": "shopify", "connection-name": "Other", "connection-shop_domain": "nope"},
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors.keys() == {"shop_domain", "webhook_secret"}


def test_mappings_and_fences_from_the_connection_page(owner_client, seller, shop):
    ProductFactory(seller=seller, sku="BH-LAMP-01")
    url = reverse("inventory:channel_connection", args=[shop.pk])
    owner_client.post(url, {"mapping-channel_sku": "BRIGHT-LAMP", "mapping-product_sku": "BH-LAMP-01"})
    owner_client.post(
        url, {"fence-product_sku": "BH-LAMP-01", "fence-node": node("FC-US").pk, "fence-quantity": 4}
    )
    assert ChannelSkuMapping.objects.for_seller(seller).get().channel_sku == "BRIGHT-LAMP"
    assert RingFence.objects.for_seller(seller).get().quantity == 4
    response = owner_client.post(url, {"mapping-channel_sku": "X", "mapping-product_sku": "NOT-MINE"})
    assert "mapping_form" in response.context
    assert "product_sku" in response.context["mapping_form"].errors


def test_viewers_cannot_change_anything(client, seller, shop, make_member):
    client.force_login(make_member(seller, "viewer"))
    order = ChannelOrderFactory(seller=seller, connection=shop)
    assert client.get(reverse("inventory:orders")).status_code == 200
    assert client.post(reverse("inventory:order_cancel", args=[order.pk])).status_code == 403
    response = client.post(
        reverse("inventory:channel_connections"), {"connection-channel": "ebay", "connection-name": "x"}
    )
    assert response.status_code == 403


def test_sales_import_page_reports_bad_rows_by_line(owner_client, seller):
    ProductFactory(seller=seller, sku="BH-LAMP-01")
    csv = b"sku,marketplace,date,units\nBH-LAMP-01,US,2025-01-02,4\nGHOST,US,2025-01-02,1\n"
    response = owner_client.post(
        reverse("inventory:sales_import"), {"file": SimpleUploadedFile("s.csv", csv, content_type="text/csv")}
    )
    report = response.context["report"]
    assert [(e.line, e.field) for e in report.errors] == [(3, "sku")]
    assert "GHOST" in response.content.decode()
    assert SalesDay.objects.for_seller(seller).get().units == 4
