"""The logistics API: lanes, quotes and shipments, each seller's own and nobody else's."""

import pytest

from logistics.models import BookingStatus, Shipment, ShipmentReference
from logistics.tests.factories import (
    ProductFactory,
    ShipmentCartonFactory,
    ShipmentFactory,
    ShipmentItemFactory,
)

CARTON = {"weight_g": 5_000, "length_mm": 600, "width_mm": 500, "height_mm": 400}
CONTAINER = "CSQU3054383"  # a valid ISO 6346 number


@pytest.mark.django_db
def test_lanes_are_listed_with_their_rate_cards_and_filtered(logistics_api, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = logistics_api.get("/api/v1/lanes/", {"destination_country": "CA", "page_size": 100})
    assert response.status_code == 200
    [lane] = response.json()["results"]
    assert lane["code"] == "agl-cn-ca-ocean"
    assert lane["valid_from"] == "2026-01-01"
    assert "indicative" in lane["rate_cards"][0]["source"].lower()
    before = logistics_api.get("/api/v1/lanes/", {"destination_country": "CA", "valid_on": "2025-06-01"})
    assert before.json()["results"] == []


@pytest.mark.django_db
def test_a_quote_compares_lanes_and_marks_the_winners(logistics_api, seller):
    lamp = ProductFactory(seller=seller, hs_code="940520")
    response = logistics_api.post(
        "/api/v1/quotes/",
        {
            "origin_country": "CN",
            "destination_country": "US",
            "ready_on": "2026-03-02",
            "cartons": [CARTON] * 3,
            "items": [{"product_id": lamp.pk, "quantity": 60}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    lanes = body["lanes"]
    assert len(lanes) == 7  # 3 AGL + 4 SEND lanes to the US
    assert sum(q["is_cheapest"] for q in lanes) == sum(q["is_fastest"] for q in lanes) == 1
    assert sum(q["is_best_value"] for q in lanes) == 1
    fastest = next(q for q in lanes if q["is_fastest"])
    assert fastest["lane"] == "send-cn-us-express"
    assert all(q["items"][0]["landed_per_unit"] for q in lanes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"origin_country": "CN", "destination_country": "US", "cartons": []}, "cartons"),
        (
            {
                "origin_country": "CN",
                "destination_country": "US",
                "cartons": [CARTON, {**CARTON, "weight_g": -1}],
            },
            "cartons.1.weight_g",
        ),
        ({"destination_country": "US", "cartons": [CARTON]}, "origin_country"),
        (
            {"origin_country": "CN", "destination_country": "US", "cartons": [CARTON], "modes": ["boat"]},
            "modes.0",
        ),
    ],
)
def test_bad_quote_input_names_the_field(logistics_api, body, field):
    response = logistics_api.post("/api/v1/quotes/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert any(name == field or name.startswith(f"{field}.") for name in response.json()["fields"])


@pytest.mark.django_db
def test_quoting_another_sellers_product_names_the_item(logistics_api, other_seller):
    theirs = ProductFactory(seller=other_seller)
    response = logistics_api.post(
        "/api/v1/quotes/",
        {
            "origin_country": "CN",
            "destination_country": "US",
            "cartons": [CARTON],
            "items": [{"product_id": theirs.pk, "quantity": 1}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "items.0.product_id" in response.json()["fields"]


@pytest.mark.django_db
def test_a_key_without_the_logistics_scope_cannot_quote(make_logistics_api, seller):
    client = make_logistics_api(seller, scopes=["logistics:read"])
    response = client.post(
        "/api/v1/quotes/",
        {"origin_country": "CN", "destination_country": "US", "cartons": [CARTON]},
        format="json",
    )
    assert response.status_code == 403


def create_body(seller, **extra):
    lamp = ProductFactory(seller=seller)
    return {
        "purpose": "inbound",
        "source_reference": "inbound:7",
        "lane": "agl-cn-us-ocean",
        "destination_code": "AWD-US",
        "cartons": [CARTON, CARTON],
        "items": [{"product_id": lamp.pk, "quantity": 48, "carton": 1}],
        "container_numbers": [CONTAINER],
        **extra,
    }


@pytest.mark.django_db
def test_a_shipment_is_created_from_an_inbound_plan(logistics_api, seller):
    response = logistics_api.post("/api/v1/shipments/", create_body(seller, reference="IN-7"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "IN-7"
    assert body["origin_country"] == "CN"
    assert body["destination_country"] == "US"
    assert body["booking_status"] == "draft"
    assert body["status"] == "pending"
    assert [c["number"] for c in body["cartons"]] == [1, 2]
    assert body["items"][0]["quantity"] == 48
    assert body["items"][0]["carton"] == 1
    shipment = Shipment.objects.for_seller(seller).get()
    assert ShipmentReference.objects.for_seller(seller).filter(shipment=shipment, value=CONTAINER).exists()


@pytest.mark.django_db
def test_creating_twice_with_one_idempotency_key_creates_one_shipment(logistics_api, seller):
    body = create_body(seller)
    first = logistics_api.post("/api/v1/shipments/", body, format="json", HTTP_IDEMPOTENCY_KEY="plan-7")
    again = logistics_api.post("/api/v1/shipments/", body, format="json", HTTP_IDEMPOTENCY_KEY="plan-7")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Shipment.objects.for_seller(seller).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"container_numbers": ["CSQU3054384"]}, "container_numbers.0"),  # wrong check digit
        ({"lane": "no-such-lane"}, "lane"),
        ({"source_reference": ""}, "source_reference"),
        ({"destination_country": "DE"}, "lane"),  # the lane goes to the US
    ],
)
def test_bad_shipment_input_names_the_field_and_creates_nothing(logistics_api, seller, extra, field):
    response = logistics_api.post("/api/v1/shipments/", create_body(seller, **extra), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not Shipment.objects.for_seller(seller).exists()


@pytest.mark.django_db
def test_a_duplicate_reference_is_a_conflict(logistics_api, seller):
    ShipmentFactory(seller=seller, reference="IN-7")
    response = logistics_api.post("/api/v1/shipments/", create_body(seller, reference="IN-7"), format="json")
    assert response.status_code == 409
    assert Shipment.objects.for_seller(seller).count() == 1


@pytest.mark.django_db
def test_book_then_cancel(logistics_api, seller):
    shipment = ShipmentFactory(seller=seller)
    ShipmentCartonFactory(seller=seller, shipment=shipment)
    booked = logistics_api.post(
        f"/api/v1/shipments/{shipment.pk}/book/", {"booking_number": "BK123"}, format="json"
    )
    assert booked.status_code == 200
    assert booked.json()["booking_status"] == "booked"
    assert booked.json()["booking_number"] == "BK123"
    again = logistics_api.post(f"/api/v1/shipments/{shipment.pk}/book/", {}, format="json")
    assert again.status_code == 409
    cancelled = logistics_api.post(f"/api/v1/shipments/{shipment.pk}/cancel/", {}, format="json")
    assert cancelled.json()["booking_status"] == "cancelled"


@pytest.mark.django_db
def test_a_shipment_without_cartons_cannot_be_booked(logistics_api, seller):
    shipment = ShipmentFactory(seller=seller)
    response = logistics_api.post(f"/api/v1/shipments/{shipment.pk}/book/", {}, format="json")
    assert response.status_code == 400
    assert "cartons" in response.json()["fields"]
    shipment.refresh_from_db()
    assert shipment.booking_status == BookingStatus.DRAFT


@pytest.mark.django_db
def test_a_shipment_on_its_way_cannot_be_cancelled(logistics_api, seller):
    shipment = ShipmentFactory(seller=seller, status="in_transit", booking_status="booked")
    response = logistics_api.post(f"/api/v1/shipments/{shipment.pk}/cancel/", {}, format="json")
    assert response.status_code == 409
    shipment.refresh_from_db()
    assert shipment.booking_status == BookingStatus.BOOKED


@pytest.mark.django_db
def test_another_sellers_shipment_is_not_found(logistics_api, other_seller):
    theirs = ShipmentFactory(seller=other_seller)
    assert logistics_api.get(f"/api/v1/shipments/{theirs.pk}/").status_code == 404
    for verb in ("book", "cancel", "references"):
        assert (
            logistics_api.post(f"/api/v1/shipments/{theirs.pk}/{verb}/", {}, format="json").status_code == 404
        )
    theirs.refresh_from_db()
    assert theirs.booking_status == BookingStatus.DRAFT
    assert logistics_api.get("/api/v1/shipments/").json()["results"] == []


@pytest.mark.django_db
def test_the_shipment_list_is_filtered_in_a_constant_number_of_queries(
    logistics_api, seller, django_assert_max_num_queries
):
    for i in range(12):
        shipment = ShipmentFactory(seller=seller, purpose="inbound" if i % 2 else "transfer")
        ShipmentCartonFactory(seller=seller, shipment=shipment)
        ShipmentItemFactory(seller=seller, shipment=shipment)
    with django_assert_max_num_queries(10):
        response = logistics_api.get("/api/v1/shipments/", {"purpose": "inbound"})
    assert len(response.json()["results"]) == 6
    assert {s["purpose"] for s in response.json()["results"]} == {"inbound"}
