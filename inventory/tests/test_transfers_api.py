"""/api/v1/transfers/: create with Idempotency-Key, dispatch, cancel; scopes, field errors, tenants."""

import pytest
from rest_framework.test import APIClient

from inventory.models import StockBalance, Transfer
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, TransferFactory, TransferLineFactory, node
from logistics.models import Shipment
from portal.services.api_keys import create_api_key

URL = "/api/v1/transfers/"


def api(seller, scopes=("inventory:read", "inventory:write")):
    _key, raw = create_api_key(seller=seller, name="allocation", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def lamp(seller):
    product = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, product, node("GWD-SZX"), 100, cause_type="inbound", cause_key="seed-lamp")
    return product


def body(lamp, **changes):
    return {"reference": "TRF-API-1", "from_node": "GWD-SZX", "to_node": "FC-US", **changes} | (
        {} if "lines" in changes else {"lines": [{"product": lamp.pk, "quantity": 30}]}
    )


def test_create_is_idempotent_by_key(seller, lamp):
    client = api(seller)
    first = client.post(URL, body(lamp), format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    again = client.post(URL, body(lamp), format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    assert first.status_code == 201, first.json()
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    data = first.json()
    assert (data["status"], data["from_node"], data["to_node"], data["shipment"]) == (
        "draft",
        "GWD-SZX",
        "FC-US",
        None,
    )
    assert data["lines"] == [
        {"product": lamp.pk, "sku": "LAMP", "quantity": 30, "quantity_received": 0, "quantity_lost": 0}
    ]
    assert Transfer.objects.for_seller(seller).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to_node": "FC-XX"}, "to_node"),
        ({"to_node": "GWD-SZX"}, "to_node"),
        ({"from_node": "NOPE"}, "from_node"),
        ({"lines": [{"product": 1, "quantity": 0}]}, "lines.0.quantity"),
        ({"lines": []}, "lines"),
    ],
)
def test_bad_bodies_answer_field_errors(seller, lamp, changes, field):
    response = api(seller).post(URL, body(lamp, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Transfer.objects.for_seller(seller).exists()


def test_more_than_available_names_the_available_quantity(seller, lamp):
    response = api(seller).post(URL, body(lamp, lines=[{"product": lamp.pk, "quantity": 101}]), format="json")
    assert response.status_code == 400
    assert "only 100 units of LAMP are available at GWD-SZX" in response.json()["fields"]["lines"][0]


def test_another_sellers_product_is_refused(seller, other_seller, lamp):
    theirs = ProductFactory(seller=other_seller)
    response = api(seller).post(URL, body(lamp, lines=[{"product": theirs.pk, "quantity": 1}]), format="json")
    assert response.status_code == 400
    assert "no such product" in response.json()["fields"]["lines"][0]


def test_dispatch_then_cancel_is_refused(seller, lamp):
    client = api(seller)
    created = client.post(URL, body(lamp), format="json").json()
    dispatch = client.post(
        f"{URL}{created['id']}/dispatch/",
        {"cartons": [{"weight_g": 9000, "length_mm": 500, "width_mm": 400, "height_mm": 300}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="dispatch-1",
    )
    assert dispatch.status_code == 200, dispatch.json()
    assert dispatch.json()["status"] == "in_transit"
    shipment = Shipment.objects.for_seller(seller).get(reference=dispatch.json()["shipment"])
    assert (shipment.purpose, shipment.source_reference) == ("transfer", "TRF-API-1")
    replay = client.post(
        f"{URL}{created['id']}/dispatch/",
        {"cartons": [{"weight_g": 9000, "length_mm": 500, "width_mm": 400, "height_mm": 300}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="dispatch-1",
    )
    assert replay.json() == dispatch.json()
    gwd = StockBalance.objects.for_seller(seller).get(product=lamp, node=node("GWD-SZX"))
    assert gwd.on_hand == 70
    cancel = client.post(f"{URL}{created['id']}/cancel/", format="json")
    assert cancel.status_code == 409
    assert "status" in cancel.json()["fields"]


def test_cancel_a_draft(seller, lamp):
    client = api(seller)
    created = client.post(URL, body(lamp), format="json").json()
    response = client.post(f"{URL}{created['id']}/cancel/", format="json")
    assert response.json()["status"] == "cancelled"
    assert client.post(f"{URL}{created['id']}/dispatch/", {}, format="json").status_code == 409


def test_dispatch_short_of_stock_is_a_conflict(seller, lamp):
    client = api(seller)
    created = client.post(URL, body(lamp, lines=[{"product": lamp.pk, "quantity": 90}]), format="json").json()
    ledger.reserve(seller, lamp, node("GWD-SZX"), 20, cause_type="order", cause_key="order-20")
    response = client.post(f"{URL}{created['id']}/dispatch/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert not Shipment.objects.for_seller(seller).exists()


def test_scopes(seller, lamp):
    reader = api(seller, scopes=("inventory:read",))
    assert reader.get(URL).status_code == 200
    assert reader.post(URL, body(lamp), format="json").status_code == 403
    transfer = TransferFactory(seller=seller)
    assert reader.post(f"{URL}{transfer.pk}/dispatch/", {}, format="json").status_code == 403
    assert reader.post(f"{URL}{transfer.pk}/cancel/", {}, format="json").status_code == 403
    assert api(seller, scopes=("logistics:read",)).get(URL).status_code == 403


def test_list_filters_and_isolation(seller, other_seller, django_assert_max_num_queries):
    for number in range(8):
        TransferLineFactory(
            seller=seller,
            transfer__to_node=node("FC-US" if number % 2 else "FC-DE"),
            transfer__status="draft",
        )
    theirs = TransferFactory(seller=other_seller)
    client = api(seller)
    with django_assert_max_num_queries(10):
        listed = client.get(URL, {"to_node": "FC-US"}).json()
    assert len(listed["results"]) == 4
    assert all(row["to_node"] == "FC-US" for row in listed["results"])
    assert theirs.pk not in {row["id"] for row in client.get(URL).json()["results"]}
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/dispatch/", {}, format="json").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/cancel/", {}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"
