"""Adjustments, damage and returns recorded by hand: pool page, API and the operators' admin."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventory.models import StockBalance, StockMovement
from inventory.services import ledger
from inventory.services.reconciliation import find_mismatches
from inventory.tests.factories import ProductFactory, node
from portal.services.api_keys import create_api_key
from portal.tests.factories import UserFactory


def api(seller, scopes=("inventory:read", "inventory:write")):
    _, raw = create_api_key(seller=seller, name="wms", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def on_hand(seller, product, code="GWD-SZX"):
    return StockBalance.objects.for_seller(seller).get(product=product, node=node(code)).on_hand


@pytest.fixture
def lamp(seller):
    product = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, product, node("GWD-SZX"), 20, cause_type="inbound")
    ledger.reserve(seller, product, node("GWD-SZX"), 5, cause_type="order")
    return product


def change_url(product):
    return reverse("inventory:pool_stock_change", kwargs={"pk": product.pk})


# The pool page ---------------------------------------------------------------------


def test_a_writer_records_an_adjustment_damage_and_return_on_the_pool_page(client, seller, lamp, make_member):
    client.force_login(make_member(seller, "operator"))
    page = client.get(reverse("inventory:pool_detail", kwargs={"pk": lamp.pk})).content.decode()
    assert "Record an adjustment, damage or return" in page
    for kind, quantity, reason in (
        ("adjustment", "-3", "cycle count found 3 fewer"),
        ("damage", "2", "forklift"),
        ("return", "4", "customer return, sealed"),
    ):
        response = client.post(
            change_url(lamp), {"kind": kind, "node": "GWD-SZX", "quantity": quantity, "reason": reason}
        )
        assert response.status_code == 302, response.content.decode()[:500]
    assert on_hand(seller, lamp) == 20 - 3 - 2 + 4
    moves = StockMovement.objects.for_seller(seller).filter(kind__in=["adjustment", "damage", "return"])
    assert sorted((m.kind, m.on_hand_delta, m.reason, m.cause_type) for m in moves) == [
        ("adjustment", -3, "cycle count found 3 fewer", "user"),
        ("damage", -2, "forklift", "user"),
        ("return", 4, "customer return, sealed", "user"),
    ]
    ledger_page = client.get(reverse("inventory:pool_detail", kwargs={"pk": lamp.pk})).content.decode()
    assert "forklift" in ledger_page
    assert find_mismatches() == []


def test_the_page_requires_a_reason_and_a_sensible_quantity(owner_client, seller, lamp):
    response = owner_client.post(
        change_url(lamp), {"kind": "damage", "node": "GWD-SZX", "quantity": "-2", "reason": " "}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "reason: Say why the stock changes" in body
    assert "quantity: A whole number of units, 1 or more." in body
    assert on_hand(seller, lamp) == 20


def test_the_page_refuses_taking_reserved_units(owner_client, seller, lamp):
    response = owner_client.post(
        change_url(lamp), {"kind": "adjustment", "node": "GWD-SZX", "quantity": "-16", "reason": "count"}
    )
    assert response.status_code == 409
    assert "15" in response.content.decode()  # what is available
    assert on_hand(seller, lamp) == 20


def test_viewers_see_no_form_and_change_nothing(client, seller, lamp, make_member):
    client.force_login(make_member(seller, "viewer"))
    page = client.get(reverse("inventory:pool_detail", kwargs={"pk": lamp.pk})).content.decode()
    assert "Record an adjustment, damage or return" not in page
    response = client.post(
        change_url(lamp), {"kind": "return", "node": "GWD-SZX", "quantity": "5", "reason": "found"}
    )
    assert response.status_code == 403
    assert on_hand(seller, lamp) == 20


def test_another_sellers_product_cannot_be_changed_from_the_page(owner_client, other_seller):
    theirs = ProductFactory(seller=other_seller)
    ledger.receive(other_seller, theirs, node("GWD-SZX"), 10, cause_type="inbound")
    response = owner_client.post(
        change_url(theirs), {"kind": "return", "node": "GWD-SZX", "quantity": "5", "reason": "x"}
    )
    assert response.status_code == 404
    assert on_hand(other_seller, theirs) == 10


# The API ---------------------------------------------------------------------------


def test_the_api_records_a_change_once_per_idempotency_key(seller, lamp):
    client = api(seller)
    body = {"product": lamp.pk, "node": "GWD-SZX", "kind": "adjustment", "quantity": 7, "reason": "recount"}
    first = client.post("/api/v1/stock-adjustments/", body, format="json", HTTP_IDEMPOTENCY_KEY="adj-1")
    again = client.post("/api/v1/stock-adjustments/", body, format="json", HTTP_IDEMPOTENCY_KEY="adj-1")
    assert first.status_code == 201, first.json()
    assert again.json() == first.json()
    data = first.json()
    assert (data["sku"], data["node"], data["kind"], data["on_hand_delta"], data["reason"]) == (
        "LAMP",
        "GWD-SZX",
        "adjustment",
        7,
        "recount",
    )
    assert data["cause_type"] == "partner"
    assert on_hand(seller, lamp) == 27


def test_the_api_names_each_wrong_field_and_changes_nothing(seller, lamp):
    client = api(seller)
    response = client.post(
        "/api/v1/stock-adjustments/",
        {"product": lamp.pk, "node": "NOWHERE", "kind": "adjustment", "quantity": 0, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"node", "quantity"}
    missing = client.post(
        "/api/v1/stock-adjustments/", {"product": lamp.pk, "node": "GWD-SZX", "kind": "theft"}, format="json"
    )
    assert missing.status_code == 400
    assert set(missing.json()["fields"]) >= {"kind", "quantity", "reason"}
    assert on_hand(seller, lamp) == 20


def test_the_api_refuses_keys_without_write_scope_and_viewers(client, seller, lamp, make_member):
    body = {"product": lamp.pk, "node": "GWD-SZX", "kind": "return", "quantity": 1, "reason": "r"}
    reader = api(seller, ["inventory:read"])
    response = reader.post("/api/v1/stock-adjustments/", body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    client.force_login(make_member(seller, "viewer"))
    assert client.post("/api/v1/stock-adjustments/", body, content_type="application/json").status_code == 403
    operator = APIClient()
    operator.force_login(make_member(seller, "operator"))
    assert operator.post("/api/v1/stock-adjustments/", body, format="json").status_code == 201
    assert on_hand(seller, lamp) == 21


def test_the_api_cannot_touch_another_sellers_product(seller, other_seller, lamp):
    response = api(other_seller).post(
        "/api/v1/stock-adjustments/",
        {"product": lamp.pk, "node": "GWD-SZX", "kind": "damage", "quantity": 1, "reason": "r"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"product": ["No such product."]}
    assert on_hand(seller, lamp) == 20


def test_the_api_answers_409_when_damage_exceeds_what_is_available(seller, lamp):
    response = api(seller).post(
        "/api/v1/stock-adjustments/",
        {"product": lamp.pk, "node": "GWD-SZX", "kind": "damage", "quantity": 16, "reason": "flood"},
        format="json",
    )
    assert response.status_code == 409
    assert on_hand(seller, lamp) == 20


# The operators' admin --------------------------------------------------------------


def test_an_operator_adjusts_a_balance_in_the_admin(client, seller, lamp):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    balance = StockBalance.objects.for_seller(seller).get(product=lamp, node=node("GWD-SZX"))
    url = reverse("admin:inventory_stockbalance_adjust", args=[balance.pk])
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("admin:inventory_stockbalance_changelist")).content.decode()
    refused = client.post(url, {"kind": "adjustment", "quantity": "-2", "reason": ""})
    assert refused.status_code == 400
    assert on_hand(seller, lamp) == 20
    done = client.post(url, {"kind": "adjustment", "quantity": "-2", "reason": "dock count"})
    assert done.status_code == 302
    movement = StockMovement.objects.for_seller(seller).get(kind="adjustment")
    assert (movement.on_hand_delta, movement.reason, movement.actor.is_staff) == (-2, "dock count", True)
    assert on_hand(seller, lamp) == 18
