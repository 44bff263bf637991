"""One journey per batch of goods: inbound → transfer → delivery chained into one timeline and ETA."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from inventory.engine.journeys import Leg, chain
from inventory.models import Journey
from inventory.services.inbound import create_inbound_shipment
from inventory.services.journeys import start_journey
from inventory.tests.factories import ProductFactory, TransferFactory, node
from logistics.tests.factories import LaneFactory, ShipmentFactory
from portal.exceptions import InvalidInput
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_a_leg_waits_for_the_one_before_it_and_a_late_leg_is_flagged():
    legs = [
        Leg(
            "inbound",
            started=None,
            eta=TODAY - datetime.timedelta(days=2),
            arrived=None,
            promised=TODAY - datetime.timedelta(days=2),
        ),
        Leg("transfer", started=None, eta=None, arrived=None, promised=None, duration_days=30),
        Leg(
            "delivery",
            started=None,
            eta=TODAY + datetime.timedelta(days=45),
            arrived=None,
            promised=None,
            duration_days=3,
        ),
    ]
    chained, eta = chain(legs, today=TODAY)
    assert [c.eta for c in chained] == [
        TODAY,
        TODAY + datetime.timedelta(days=30),
        TODAY + datetime.timedelta(days=45),
    ]
    assert [(c.late, c.late_days) for c in chained] == [(True, 2), (False, 0), (False, 0)]
    assert eta == TODAY + datetime.timedelta(days=45)


@pytest.fixture
def journey(seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    plan = create_inbound_shipment(
        seller=seller,
        reference="IN-LAMP",
        node=node("GWD-SZX"),
        expected_date=days(-3),
        lines=[{"product": lamp, "quantity": 50}],
    )
    transfer = TransferFactory(
        seller=seller, reference="TRF-LAMP", shipment=ShipmentFactory(seller=seller, purpose="transfer")
    )
    delivery = ShipmentFactory(seller=seller, reference="DLV-LAMP", lane=LaneFactory(transit_days_max=8))
    return start_journey(
        seller=seller,
        reference="LAMPS-2026-03",
        inbound_id=plan.pk,
        transfer_id=transfer.pk,
        delivery_id=delivery.pk,
    )


def test_a_journey_chains_an_inbound_a_transfer_and_a_delivery_in_order_with_one_eta(owner_client, journey):
    body = owner_client.get(reverse("inventory:journey_detail", args=[journey.pk])).content.decode()
    # The inbound is 3 days late (due 3 days ago); the transfer's ocean lane takes up to 35 days
    # after it; the delivery up to 8 after that.
    shelf = days(35 + 8).isoformat()
    assert f"On the shelf by {shelf}." in body
    assert body.index("IN-LAMP") < body.index("TRF-LAMP") < body.index("DLV-LAMP")
    assert "late by 3 days" in body


def test_the_api_answers_the_same_timeline(seller, journey):
    _key, raw = create_api_key(seller=seller, name="erp", scopes=["inventory:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    data = client.get(f"/api/v1/journeys/{journey.pk}/").json()
    assert data["eta"] == days(43).isoformat()
    assert [leg["kind"] for leg in data["legs"]] == ["inbound", "transfer", "delivery"]
    assert [leg["reference"] for leg in data["legs"]] == ["IN-LAMP", "TRF-LAMP", "DLV-LAMP"]
    assert [leg["late"] for leg in data["legs"]] == [True, False, False]
    assert data["legs"][0]["late_days"] == 3
    assert client.get("/api/v1/journeys/").json()["results"][0]["reference"] == "LAMPS-2026-03"


def test_another_sellers_journey_answers_404_on_the_page_and_the_api(owner_client, other_seller):
    theirs = Journey.objects.for_seller(other_seller).create(
        seller=other_seller, reference="THEIRS", delivery=ShipmentFactory(seller=other_seller)
    )
    assert owner_client.get(reverse("inventory:journey_detail", args=[theirs.pk])).status_code == 404
    assert "THEIRS" not in owner_client.get(reverse("inventory:journey_list")).content.decode()


def test_the_api_answers_404_for_another_sellers_journey(seller, other_seller):
    theirs = Journey.objects.for_seller(other_seller).create(
        seller=other_seller, reference="THEIRS", delivery=ShipmentFactory(seller=other_seller)
    )
    _key, raw = create_api_key(seller=seller, name="erp", scopes=["inventory:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(f"/api/v1/journeys/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/journeys/").json()["results"] == []


def test_a_journey_needs_a_leg_of_the_seller_and_a_transfer_from_the_plans_hub(seller, other_seller):
    theirs = TransferFactory(seller=other_seller)
    with pytest.raises(InvalidInput) as error:
        start_journey(seller=seller, reference="X", transfer_id=theirs.pk)
    assert "transfer" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        start_journey(seller=seller, reference="X")
    assert "inbound" in error.value.fields
    assert not Journey.objects.for_seller(seller).exists()


def test_starting_a_journey_from_the_page(owner_client, seller):
    delivery = ShipmentFactory(seller=seller, reference="DLV-1")
    response = owner_client.post(
        reverse("inventory:journey_list"), {"reference": "BATCH-1", "delivery_id": delivery.pk}
    )
    journey = Journey.objects.for_seller(seller).get()
    assert response["Location"] == reverse("inventory:journey_detail", args=[journey.pk])
