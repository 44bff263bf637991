"""The pool, inbound and storage pages as a seller sees them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import InboundShipment, Node, SalesDay
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, marketplace, node


def stock_products(seller, count):
    us = marketplace("US")
    today = timezone.localdate()
    products = [ProductFactory(seller=seller, sku=f"P-{i:04d}") for i in range(count)]
    for product in products:
        ledger.receive(seller, product, node("GWD-SZX"), 500, cause_type="inbound")
        ledger.receive(seller, product, node("FC-US"), 50, cause_type="inbound")
    SalesDay.objects.for_seller(seller).bulk_create(
        [
            SalesDay(
                seller=seller, product=p, marketplace=us, day=today - datetime.timedelta(days=d), units=3
            )
            for p in products
            for d in range(1, 29)
        ]
    )
    return products


@pytest.mark.parametrize("count", [5, 50])
def test_pool_page_queries_do_not_grow_with_products(
    owner_client, seller, count, django_assert_max_num_queries
):
    stock_products(seller, count)
    with django_assert_max_num_queries(14):
        response = owner_client.get(reverse("inventory:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("P-00") == min(count, 50)
    # 50 at FC-US against 3 a day: 17 days, under the 28 days of the low-inventory fee.
    assert "US: 17" in body
    assert "Low inventory (under 28 days)" in body


def test_pool_detail_shows_stock_by_node_and_cover(owner_client, seller):
    [product] = stock_products(seller, 1)
    response = owner_client.get(reverse("inventory:pool_detail", kwargs={"pk": product.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "GWD-SZX" in body
    assert "FC-US" in body


def test_another_sellers_product_page_is_404(owner_client, other_seller):
    theirs = ProductFactory(seller=other_seller)
    assert owner_client.get(reverse("inventory:pool_detail", kwargs={"pk": theirs.pk})).status_code == 404


def test_seller_submits_an_inbound_plan_on_the_page(owner_client, seller):
    ProductFactory(seller=seller, sku="LAMP")
    response = owner_client.post(
        reverse("inventory:inbound_list"),
        {
            "reference": "INB-PAGE-1",
            "node": "GWD-SZX",
            "expected_date": "2025-09-01",
            "lines": "LAMP, 120\n",
            "cartons": "4, 600, 400, 400, 15000",
        },
    )
    shipment = InboundShipment.objects.for_seller(seller).get(reference="INB-PAGE-1")
    assert response.status_code == 302
    detail = owner_client.get(reverse("inventory:inbound_detail", kwargs={"pk": shipment.pk}))
    assert "120" in detail.content.decode()


def test_bad_inbound_plan_shows_errors_and_saves_nothing(owner_client, seller):
    response = owner_client.post(
        reverse("inventory:inbound_list"),
        {"reference": "INB-BAD", "expected_date": "soon", "lines": "NOPE, 3"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 1: “NOPE” is not one of your SKUs" in body
    assert "YYYY-MM-DD" in body
    assert not InboundShipment.objects.for_seller(seller).exists()


def test_an_inbound_plan_to_a_closed_hub_is_refused(owner_client, seller):
    ProductFactory(seller=seller, sku="LAMP")
    Node.objects.filter(code="GWD-SZX").update(is_active=False)
    response = owner_client.post(
        reverse("inventory:inbound_list"),
        {"reference": "INB-CLOSED", "node": "GWD-SZX", "expected_date": "2025-09-01", "lines": "LAMP, 5"},
    )
    assert response.status_code == 400
    assert "GWD hub" in response.content.decode()
    assert not InboundShipment.objects.for_seller(seller).exists()


def test_viewers_cannot_submit_inbound_plans(client, seller, make_member):
    ProductFactory(seller=seller, sku="LAMP")
    client.force_login(make_member(seller, "viewer"))
    response = client.post(
        reverse("inventory:inbound_list"),
        {"reference": "INB-V", "expected_date": "2025-09-01", "lines": "LAMP, 1"},
    )
    assert response.status_code == 403
    assert not InboundShipment.objects.for_seller(seller).exists()


def test_storage_page_compares_holding_places(owner_client, seller):
    stock_products(seller, 2)
    response = owner_client.get(reverse("inventory:storage"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "All in the GWD" in body
    assert "USD" in body
    assert "CNY" in body
