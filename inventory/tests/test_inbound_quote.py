"""Compare freight for an inbound plan: its cartons and goods priced on every lane to its hub."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventory.services.freight import quote_plan_freight
from inventory.services.inbound import create_inbound_shipment
from inventory.tests.factories import ProductFactory, node
from listings.tests.pricing_factories import FxRateFactory
from logistics.models import Lane, Shipment
from logistics.tests.factories import LaneFactory, RateCardFactory
from portal.exceptions import InvalidInput
from portal.services.api_keys import create_api_key

READY = datetime.date(2026, 3, 2)  # a Monday


def api(seller, scopes):
    _, raw = create_api_key(seller=seller, name="planner", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def lanes(db):
    """First-mile lanes from the factories to the Shenzhen hub, and two that must not show.

    They stand in for the seeded first-mile lanes, which are priced in USD and would need
    exchange rates: `test_the_seeded_first_mile_lanes_quote_a_plan` covers those."""
    Lane.objects.filter(destination_code="GWD-SZX").update(active=False)
    truck = LaneFactory(
        code="cn-gwd-express",
        origin_country="CN",
        destination_country="CN",
        destination_code="GWD-SZX",
        mode="express",
        transit_days_min=1,
        transit_days_max=2,
    )
    RateCardFactory(lane=truck, per_kg=Decimal("3.00"), currency="CNY")
    rail = LaneFactory(
        code="cn-gwd-rail",
        origin_country="CN",
        destination_country="CN",
        destination_code="",
        mode="rail",
        transit_days_min=4,
        transit_days_max=6,
    )
    RateCardFactory(lane=rail, per_kg=Decimal("1.00"), currency="CNY")
    other_hub = LaneFactory(
        code="cn-other-hub", origin_country="CN", destination_country="CN", destination_code="GWD-XXX"
    )
    RateCardFactory(lane=other_hub)
    abroad = LaneFactory(code="cn-us-air", origin_country="CN", destination_country="US")
    RateCardFactory(lane=abroad)
    return truck, rail


@pytest.fixture
def plan(seller):
    lamp = ProductFactory(seller=seller, sku="LAMP", unit_cost=Decimal("12.00"), unit_cost_currency="CNY")
    fan = ProductFactory(seller=seller, sku="FAN", unit_cost=Decimal("30.00"), unit_cost_currency="CNY")
    return create_inbound_shipment(
        seller=seller,
        reference="INB-Q-1",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2026, 3, 10),
        lines=[{"product": lamp, "quantity": 100}, {"product": fan, "quantity": 40}],
        cartons=[
            {"count": 3, "length_mm": 600, "width_mm": 400, "height_mm": 400, "weight_g": 15000},
            {"count": 1, "length_mm": 500, "width_mm": 300, "height_mm": 300, "weight_g": 8000},
        ],
    )


def test_the_plans_cartons_and_goods_are_priced_on_the_lanes_to_its_hub(seller, plan, lanes):
    quote = quote_plan_freight(seller=seller, plan=plan, ready_on=READY)
    assert (quote.origin_country, quote.destination_country, quote.carton_count) == ("CN", "CN", 4)
    assert quote.total_weight_kg == Decimal("53")
    assert sorted(q.lane.code for q in quote.lanes) == ["cn-gwd-express", "cn-gwd-rail"]
    by_code = {q.lane.code: q for q in quote.lanes}
    assert by_code["cn-gwd-rail"].is_cheapest
    assert by_code["cn-gwd-express"].is_fastest
    # The 60 × 40 × 40 cm cartons weigh less than their volume: volumetric weight is charged.
    for code, per_kg in (("cn-gwd-rail", Decimal("1.00")), ("cn-gwd-express", Decimal("3.00"))):
        lane = by_code[code]
        assert lane.volumetric_applies
        assert lane.chargeable_kg > Decimal("53")
        assert lane.total == (lane.chargeable_kg * per_kg).quantize(Decimal("0.01"))
    # The goods of the plan: landed cost per unit of both products.
    assert {i.sku: i.quantity for i in by_code["cn-gwd-rail"].items} == {"LAMP": 100, "FAN": 40}
    assert quote.goods_value == Decimal("2400.00")  # 100 × 12 + 40 × 30 CNY
    assert Shipment.objects.for_seller(seller).count() == 0  # nothing booked or stored


def test_a_product_without_unit_cost_leaves_out_the_landed_cost_not_the_freight(seller, plan, lanes):
    from listings.models import Product

    Product.objects.for_seller(seller).filter(sku="FAN").update(unit_cost=None)
    quote = quote_plan_freight(seller=seller, plan=plan, ready_on=READY)
    assert len(quote.lanes) == 2
    assert quote.goods_value is None
    assert any("FAN" in warning for warning in quote.warnings)


def test_a_plan_without_cartons_cannot_be_quoted(seller, lanes):
    bare = create_inbound_shipment(
        seller=seller,
        reference="INB-Q-2",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2026, 3, 10),
        lines=[{"product": ProductFactory(seller=seller), "quantity": 5}],
    )
    with pytest.raises(InvalidInput) as refused:
        quote_plan_freight(seller=seller, plan=bare, ready_on=READY)
    assert "cartons" in refused.value.fields


def test_the_plan_page_compares_freight_with_marks(client, seller, plan, lanes, make_member):
    client.force_login(make_member(seller, "viewer"))  # reading a quote needs no writer role
    page = client.get(reverse("inventory:inbound_detail", args=[plan.pk])).content.decode()
    assert "Compare freight" in page
    response = client.get(
        reverse("inventory:inbound_quote", args=[plan.pk]),
        {"origin_country": "CN", "ready_on": READY.isoformat()},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cheapest" in body
    assert "Fastest" in body
    assert "Best value" in body
    assert "4 cartons, 53" in body
    assert "cn-other-hub" not in body
    assert "Book freight" not in body  # viewers do not book


def test_the_page_names_a_bad_origin(owner_client, plan, lanes):
    response = owner_client.get(reverse("inventory:inbound_quote", args=[plan.pk]), {"origin_country": "C1"})
    assert response.status_code == 400
    assert "origin_country: A two-letter ISO country code" in response.content.decode()


def test_the_api_quotes_a_plan_with_inventory_read(seller, plan, lanes):
    response = api(seller, ["inventory:read"]).post(
        f"/api/v1/inbound-shipments/{plan.pk}/quote/", {"ready_on": READY.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["carton_count"] == 4
    marks = {lane["lane"]: (lane["is_cheapest"], lane["is_fastest"]) for lane in data["lanes"]}
    assert marks == {"cn-gwd-rail": (True, False), "cn-gwd-express": (False, True)}


def test_the_api_refuses_keys_without_inventory_read(seller, plan, lanes):
    response = api(seller, ["logistics:read"]).post(
        f"/api/v1/inbound-shipments/{plan.pk}/quote/", {}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_another_sellers_plan_cannot_be_quoted(owner_client, seller, other_seller, lanes):
    theirs = create_inbound_shipment(
        seller=other_seller,
        reference="THEIRS-Q",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2026, 3, 10),
        lines=[{"product": ProductFactory(seller=other_seller), "quantity": 5}],
        cartons=[{"count": 1, "length_mm": 500, "width_mm": 300, "height_mm": 300, "weight_g": 8000}],
    )
    assert owner_client.get(reverse("inventory:inbound_quote", args=[theirs.pk])).status_code == 404
    response = api(seller, ["inventory:read"]).post(
        f"/api/v1/inbound-shipments/{theirs.pk}/quote/", {}, format="json"
    )
    assert response.status_code == 404


def test_the_seeded_first_mile_lanes_quote_a_plan(seller, plan):
    # Rates of the ECB's day: CNY and USD per euro, so CNY converts to the lanes' USD.
    for currency, rate in (("USD", "1.0500"), ("CNY", "7.6000")):
        FxRateFactory(currency=currency, rate=Decimal(rate), rate_date=READY - datetime.timedelta(days=1))
    quote = quote_plan_freight(seller=seller, plan=plan, ready_on=READY)
    codes = {q.lane.code for q in quote.lanes}
    assert codes == {"send-cn-gwd-express", "send-cn-gwd-economy"}
    by_code = {q.lane.code: q for q in quote.lanes}
    assert by_code["send-cn-gwd-economy"].is_cheapest
    assert by_code["send-cn-gwd-express"].is_fastest
