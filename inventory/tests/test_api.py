"""Nodes, stock and the ledger through the partner API: scoped to the key's seller."""

import pytest
from rest_framework.test import APIClient

from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from portal.services.api_keys import create_api_key


def api(seller, scopes=("inventory:read",)):
    _, raw = create_api_key(seller=seller, name="erp", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def stock(seller, other_seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    fan = ProductFactory(seller=seller, sku="FAN")
    theirs = ProductFactory(seller=other_seller, sku="THEIRS")
    for who, product, code, qty in (
        (seller, lamp, "GWD-SZX", 50),
        (seller, lamp, "FC-US", 10),
        (seller, fan, "GWD-SZX", 5),
        (other_seller, theirs, "GWD-SZX", 999),
    ):
        ledger.receive(who, product, node(code), qty, cause_type="inbound", cause_ref=f"ref-{product.sku}")
    ledger.reserve(seller, lamp, node("FC-US"), 4, cause_type="order", cause_ref="SO-1")
    return lamp, fan


def test_nodes_list_the_marketplaces_they_serve_with_remote_fulfilment(seller):
    response = api(seller).get("/api/v1/nodes/?kind=fc")
    assert response.status_code == 200
    nodes = {n["code"]: n for n in response.json()}
    assert {m["marketplace"]: (m["priority"], m["remote"]) for m in nodes["FC-US"]["marketplaces"]} == {
        "US": (1, False),
        "CA": (2, True),
        "MX": (2, True),
        "BR": (2, True),
    }
    assert len(nodes) == 15
    assert api(seller).get("/api/v1/nodes/GWD-SZX/").json()["kind"] == "gwd"


def test_stock_filtered_by_product_and_node(seller, stock, django_assert_max_num_queries):
    lamp, _ = stock
    client = api(seller)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/stock/")
    rows = response.json()["results"]
    assert {(r["sku"], r["node"]) for r in rows} == {
        ("LAMP", "GWD-SZX"),
        ("LAMP", "FC-US"),
        ("FAN", "GWD-SZX"),
    }
    response = client.get(f"/api/v1/stock/?product={lamp.pk}&node=FC-US")
    [row] = response.json()["results"]
    assert (row["on_hand"], row["reserved"], row["available"]) == (10, 4, 6)


def test_movements_are_read_only_and_filterable(seller, stock):
    client = api(seller, ["inventory:read", "inventory:write"])
    response = client.get("/api/v1/stock-movements/?kind=reservation")
    [row] = response.json()["results"]
    assert (row["sku"], row["node"], row["reserved_delta"], row["cause_ref"]) == ("LAMP", "FC-US", 4, "SO-1")
    assert client.post("/api/v1/stock-movements/", {}, format="json").status_code == 405
    assert client.get("/api/v1/stock-movements/?cause_ref=ref-THEIRS").json()["results"] == []


def test_another_sellers_stock_is_not_found(seller, other_seller, stock):
    lamp, _ = stock
    client = api(other_seller)
    assert client.get(f"/api/v1/stock/?product={lamp.pk}").json()["results"] == []
    row_id = api(seller).get("/api/v1/stock/").json()["results"][0]["id"]
    assert client.get(f"/api/v1/stock/{row_id}/").status_code == 404


def test_without_a_key_nothing_is_shown(db):
    assert APIClient().get("/api/v1/stock/").status_code in (401, 403)
