"""An inbound plan is received from its page: the count puts good units on hand at the hub
and closes what was expected, so nothing counts twice (available and inbound)."""

import datetime

import pytest
from django.urls import reverse

from inventory.models import InboundShipment, StockBalance
from inventory.services.inbound import create_inbound_shipment
from inventory.tests.factories import ProductFactory, node

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    return create_inbound_shipment(
        seller=seller,
        reference="INB-1",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 9, 1),
        lines=[{"product": lamp.pk, "quantity": 120}],
    ), lamp


def balance(seller, product):
    return StockBalance.objects.for_seller(seller).get(product=product, node=node("GWD-SZX"))


def test_counting_an_inbound_plan_on_its_page_moves_units_from_inbound_to_on_hand(owner_client, seller, plan):
    shipment, lamp = plan
    assert balance(seller, lamp).inbound == 120

    response = owner_client.post(
        reverse("inventory:inbound_receive", args=[shipment.pk]),
        {f"received-{lamp.pk}": "120", f"damaged-{lamp.pk}": "2"},
        follow=True,
    )

    stock = balance(seller, lamp)
    assert (stock.on_hand, stock.inbound) == (118, 0)
    shipment.refresh_from_db()
    assert shipment.status == InboundShipment.Status.RECEIVED
    assert "118 good units are now in the pool at GWD-SZX" in response.content.decode()


def test_a_bad_count_changes_nothing_and_says_why(owner_client, seller, plan):
    shipment, lamp = plan

    response = owner_client.post(
        reverse("inventory:inbound_receive", args=[shipment.pk]),
        {f"received-{lamp.pk}": "5", f"damaged-{lamp.pk}": "9"},
        follow=True,
    )

    assert "damaged must be a whole number from 0 to received" in response.content.decode()
    stock = balance(seller, lamp)
    assert (stock.on_hand, stock.inbound) == (0, 120)


def test_the_plan_page_offers_the_count_form_to_writers_only(owner_client, client, seller, plan, make_member):
    shipment, _lamp = plan
    url = reverse("inventory:inbound_detail", args=[shipment.pk])
    assert "Record the count" in owner_client.get(url).content.decode()

    client.force_login(make_member(seller, role="viewer"))
    assert "Record the count" not in client.get(url).content.decode()
    assert client.post(reverse("inventory:inbound_receive", args=[shipment.pk])).status_code == 403


def test_another_sellers_plan_cannot_be_counted(client, other_seller, plan, make_member):
    shipment, lamp = plan
    client.force_login(make_member(other_seller, role="owner"))

    response = client.post(
        reverse("inventory:inbound_receive", args=[shipment.pk]), {f"received-{lamp.pk}": "1"}
    )

    assert response.status_code == 404
