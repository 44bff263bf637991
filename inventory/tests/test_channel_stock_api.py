"""`/api/v1/channel-connections/{id}/sku-mappings/` and `.../ring-fences/` as connectors see them."""

import pytest

from inventory.models import ChannelOrder, ChannelSkuMapping, RingFence, StockBalance
from inventory.services import ledger
from inventory.services.orders import OrderInput, OrderLineInput, receive_channel_order
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory, ChannelSkuMappingFactory
from inventory.tests.test_orders_api import client_for


@pytest.fixture
def api(seller):
    return client_for(seller)


@pytest.fixture
def ebay(seller):
    return ChannelConnectionFactory(
        seller=seller, channel="ebay", name="eBay US", shop_domain="", webhook_secret=""
    )


@pytest.fixture
def tiktok(seller):
    return ChannelConnectionFactory(
        seller=seller, channel="tiktok", name="TikTok US", shop_domain="", webhook_secret=""
    )


@pytest.fixture
def lamp(seller):
    return ProductFactory(seller=seller, sku="BH-LAMP-01")


def mappings_url(connection):
    return f"/api/v1/channel-connections/{connection.pk}/sku-mappings/"


def fences_url(connection):
    return f"/api/v1/channel-connections/{connection.pk}/ring-fences/"


def test_create_list_and_delete_a_mapping(api, seller, ebay, lamp):
    response = api.post(
        mappings_url(ebay), {"channel_sku": "EB-LAMP", "product": "BH-LAMP-01"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["channel_sku"] == "EB-LAMP"
    assert response.json()["product"] == "BH-LAMP-01"
    listed = api.get(mappings_url(ebay)).json()["results"]
    assert [(m["channel_sku"], m["product"]) for m in listed] == [("EB-LAMP", "BH-LAMP-01")]
    mapping_id = response.json()["id"]
    assert api.delete(f"{mappings_url(ebay)}{mapping_id}/").status_code == 204
    assert not ChannelSkuMapping.objects.for_seller(seller).exists()


def test_a_new_mapping_reserves_the_waiting_orders_of_that_sku(api, seller, ebay, lamp):
    ledger.receive(seller, lamp, node("FC-US"), 5, cause_type="inbound", cause_ref="INB-1")
    order, _created = receive_channel_order(
        seller=seller,
        connection=ebay,
        data=OrderInput(
            external_id="E-1", ship_to_country="US", lines=[OrderLineInput(sku="EB-LAMP", quantity=2)]
        ),
    )
    assert order.status == "backordered"
    response = api.post(
        mappings_url(ebay), {"channel_sku": "EB-LAMP", "product": "BH-LAMP-01"}, format="json"
    )
    assert response.status_code == 201
    assert ChannelOrder.objects.for_seller(seller).get(pk=order.pk).status == "reserved"
    assert StockBalance.objects.for_seller(seller).get(product=lamp, node=node("FC-US")).reserved == 2


def test_mapping_the_same_channel_sku_again_replaces_it(api, seller, ebay, lamp):
    ProductFactory(seller=seller, sku="BH-LAMP-02")
    api.post(mappings_url(ebay), {"channel_sku": "EB-LAMP", "product": "BH-LAMP-01"}, format="json")
    again = api.post(mappings_url(ebay), {"channel_sku": "EB-LAMP", "product": "BH-LAMP-02"}, format="json")
    assert again.status_code == 201, again.json()
    rows = ChannelSkuMapping.objects.for_seller(seller).select_related("product")
    assert [(m.channel_sku, m.product.sku) for m in rows] == [("EB-LAMP", "BH-LAMP-02")]


def test_bad_mapping_bodies_get_field_errors_and_change_nothing(api, seller, other_seller, ebay, lamp):
    ProductFactory(seller=other_seller, sku="THEIR-SKU")
    response = api.post(mappings_url(ebay), {"channel_sku": "", "product": "NOPE"}, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"channel_sku", "product"}
    assert "NOPE" in fields["product"][0]
    # Another seller's product is as unknown as a missing one.
    theirs = api.post(mappings_url(ebay), {"channel_sku": "X", "product": "THEIR-SKU"}, format="json")
    assert theirs.status_code == 400
    assert "product" in theirs.json()["fields"]
    assert not ChannelSkuMapping.objects.for_seller(seller).exists()


def test_idempotency_key_replays_the_created_mapping(api, seller, ebay, lamp):
    body = {"channel_sku": "EB-LAMP", "product": "BH-LAMP-01"}
    first = api.post(mappings_url(ebay), body, format="json", HTTP_IDEMPOTENCY_KEY="map-1")
    again = api.post(mappings_url(ebay), body, format="json", HTTP_IDEMPOTENCY_KEY="map-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    other = api.post(
        mappings_url(ebay), {**body, "channel_sku": "EB-2"}, format="json", HTTP_IDEMPOTENCY_KEY="map-1"
    )
    assert other.status_code == 409
    assert ChannelSkuMapping.objects.for_seller(seller).count() == 1


def test_mappings_of_one_connection_are_not_listed_under_another(api, seller, ebay, tiktok):
    ChannelSkuMappingFactory(seller=seller, connection=tiktok, channel_sku="TT-1")
    assert api.get(mappings_url(ebay)).json()["results"] == []
    mapping = ChannelSkuMapping.objects.for_seller(seller).get()
    assert api.delete(f"{mappings_url(ebay)}{mapping.pk}/").status_code == 404
    assert ChannelSkuMapping.objects.for_seller(seller).exists()


def test_set_change_list_and_remove_a_ring_fence(api, seller, ebay, lamp):
    body = {"product": "BH-LAMP-01", "node": "FC-US", "quantity": 5}
    created = api.post(fences_url(ebay), body, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["node"], created.json()["quantity"]) == ("FC-US", 5)
    changed = api.post(fences_url(ebay), {**body, "quantity": 8}, format="json")
    assert changed.status_code == 200
    listed = api.get(fences_url(ebay)).json()["results"]
    assert [(f["product"], f["node"], f["quantity"]) for f in listed] == [("BH-LAMP-01", "FC-US", 8)]
    removed = api.post(fences_url(ebay), {**body, "quantity": 0}, format="json")
    assert removed.status_code == 204
    assert not RingFence.objects.for_seller(seller).exists()


def test_delete_a_ring_fence_by_id(api, seller, ebay, lamp):
    fence_id = api.post(
        fences_url(ebay), {"product": "BH-LAMP-01", "node": "FC-US", "quantity": 3}, format="json"
    ).json()["id"]
    assert api.delete(f"{fences_url(ebay)}{fence_id}/").status_code == 204
    assert not RingFence.objects.for_seller(seller).exists()


def test_a_fence_set_through_the_api_keeps_units_from_other_channels(api, seller, ebay, tiktok, lamp):
    ledger.receive(seller, lamp, node("FC-US"), 5, cause_type="inbound", cause_ref="INB-1")
    api.post(fences_url(ebay), {"product": "BH-LAMP-01", "node": "FC-US", "quantity": 4}, format="json")
    order, _created = receive_channel_order(
        seller=seller,
        connection=tiktok,
        data=OrderInput(
            external_id="T-1", ship_to_country="US", lines=[OrderLineInput(sku="BH-LAMP-01", quantity=2)]
        ),
    )
    assert order.status == "backordered"  # one unit is free at FC-US; the GWD has none


def test_bad_fence_bodies_get_field_errors(api, seller, ebay, lamp):
    response = api.post(
        fences_url(ebay), {"product": "BH-LAMP-01", "node": "FC-XX", "quantity": -1}, format="json"
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"node", "quantity"}
    assert "FC-XX" in fields["node"][0]
    assert not RingFence.objects.for_seller(seller).exists()


def test_fence_idempotency_key_replays(api, seller, ebay, lamp):
    body = {"product": "BH-LAMP-01", "node": "FC-US", "quantity": 5}
    first = api.post(fences_url(ebay), body, format="json", HTTP_IDEMPOTENCY_KEY="fence-1")
    again = api.post(fences_url(ebay), body, format="json", HTTP_IDEMPOTENCY_KEY="fence-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"


def test_scopes_are_required(seller, ebay, lamp):
    reader = client_for(seller, scopes=("orders:read",))
    assert reader.get(mappings_url(ebay)).status_code == 200
    refused = reader.post(mappings_url(ebay), {"channel_sku": "EB", "product": "BH-LAMP-01"}, format="json")
    assert refused.status_code == 403
    assert (
        reader.post(fences_url(ebay), {"product": "BH-LAMP-01", "node": "FC-US", "quantity": 1}).status_code
        == 403
    )
    outsider = client_for(seller, scopes=("inventory:read",))
    assert outsider.get(fences_url(ebay)).status_code == 403
    assert not ChannelSkuMapping.objects.for_seller(seller).exists()


def test_another_sellers_connection_mappings_and_fences_answer_404(api, seller, other_seller, lamp):
    theirs = ChannelConnectionFactory(seller=other_seller, name="Their shop")
    their_product = ProductFactory(seller=other_seller, sku="BH-LAMP-01")
    mapping = ChannelSkuMappingFactory(seller=other_seller, connection=theirs, product=their_product)
    fence = RingFence.objects.create(
        seller=other_seller, connection=theirs, product=their_product, node=node("FC-US"), quantity=2
    )
    for url in (mappings_url(theirs), fences_url(theirs)):
        assert api.get(url).status_code == 404
    body = {"channel_sku": "X", "product": "BH-LAMP-01"}
    assert api.post(mappings_url(theirs), body, format="json").status_code == 404
    fence_body = {"product": "BH-LAMP-01", "node": "FC-US", "quantity": 9}
    assert api.post(fences_url(theirs), fence_body, format="json").status_code == 404
    assert api.delete(f"{mappings_url(theirs)}{mapping.pk}/").status_code == 404
    assert api.delete(f"{fences_url(theirs)}{fence.pk}/").status_code == 404
    assert ChannelSkuMapping.objects.for_seller(other_seller).count() == 1
    assert RingFence.objects.for_seller(other_seller).get().quantity == 2


def test_listing_mappings_takes_constant_queries(api, seller, ebay, django_assert_max_num_queries):
    for index in range(20):
        ChannelSkuMappingFactory(seller=seller, connection=ebay, channel_sku=f"EB-{index}")
    with django_assert_max_num_queries(8):
        response = api.get(mappings_url(ebay))
    assert len(response.json()["results"]) == 20
