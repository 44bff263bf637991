"""Transfer and inbound shipments name the node that receives them, as a node code."""

import pytest
from django.urls import reverse

from logistics.models import Lane, Shipment
from logistics.services.shipments import create_shipment, destination_node_problem
from logistics.tests.factories import ProductFactory, ShipmentFactory
from portal.exceptions import InvalidInput

CARTON = {"weight_g": 5_000, "length_mm": 600, "width_mm": 500, "height_mm": 400}


@pytest.fixture
def lane(db):
    return Lane.objects.get(code="agl-cn-us-ocean")


def inbound(seller, lane, **overrides):
    lamp = ProductFactory(seller=seller)
    arguments = {
        "seller": seller,
        "purpose": "inbound",
        "source_reference": "inbound:7",
        "lane": lane,
        "cartons": [CARTON],
        "items": [{"product_id": lamp.pk, "quantity": 5}],
        **overrides,
    }
    return create_shipment(**arguments)


@pytest.mark.parametrize("code", ["awd us", "AWD_US", "X-1", "WAREHOUSE-NUMBER-ONE", "FC-"])
def test_a_malformed_destination_code_is_refused(seller, lane, code):
    with pytest.raises(InvalidInput) as caught:
        inbound(seller, lane, destination_code=code)
    assert "destination_code" in caught.value.fields
    assert "GWD-SZX" in caught.value.fields["destination_code"][0]
    assert not Shipment.objects.for_seller(seller).exists()


def test_an_inbound_shipment_without_a_node_is_refused(seller, lane):
    assert lane.destination_code == ""
    with pytest.raises(InvalidInput) as caught:
        inbound(seller, lane, destination_code="  ")
    assert set(caught.value.fields) == {"destination_code"}


def test_codes_are_normalised_and_a_manual_shipment_needs_none(seller, lane):
    shipment = inbound(seller, lane, destination_code=" gwd-szx ")
    assert shipment.destination_code == "GWD-SZX"
    manual = create_shipment(seller=seller, lane=lane, cartons=[CARTON])
    assert manual.destination_code == ""
    assert destination_node_problem(manual) == ""


def test_the_api_answers_a_field_error_for_a_missing_node(logistics_api, seller, lane):
    lamp = ProductFactory(seller=seller)
    response = logistics_api.post(
        "/api/v1/shipments/",
        {
            "purpose": "transfer",
            "source_reference": "transfer:9",
            "lane": lane.code,
            "cartons": [CARTON],
            "items": [{"product_id": lamp.pk, "quantity": 2}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "destination_code" in response.json()["fields"]


def test_an_older_shipment_without_a_node_shows_the_problem(owner_client, logistics_api, seller):
    broken = ShipmentFactory(
        seller=seller, purpose="inbound", source_reference="inbound:3", destination_code=""
    )
    fine = ShipmentFactory(seller=seller, purpose="inbound", source_reference="inbound:4")
    page = owner_client.get(reverse("logistics:shipment_detail", args=[broken.pk])).content.decode()
    assert "names no destination node" in page
    assert (
        "names no destination node"
        not in owner_client.get(reverse("logistics:shipment_detail", args=[fine.pk])).content.decode()
    )
    assert (
        "names no destination node"
        in logistics_api.get(f"/api/v1/shipments/{broken.pk}/").json()["destination_problem"]
    )
    assert logistics_api.get(f"/api/v1/shipments/{fine.pk}/").json()["destination_problem"] is None


def test_another_sellers_shipment_is_not_shown(owner_client, logistics_api, other_seller):
    theirs = ShipmentFactory(seller=other_seller, purpose="inbound", destination_code="")
    assert owner_client.get(reverse("logistics:shipment_detail", args=[theirs.pk])).status_code == 404
    assert logistics_api.get(f"/api/v1/shipments/{theirs.pk}/").status_code == 404
