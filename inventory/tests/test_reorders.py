"""Reorders from the factory: a suggestion when the pool's cover drops below lead time plus safety."""

import datetime

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from inventory.engine.reorders import reorders
from inventory.models import InboundLine, InboundShipment, ProductSupply, SalesDay, Supplier
from inventory.selectors.reorders import reorder_suggestions
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, marketplace, node
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db


def sell(seller, product, per_day, market="US"):
    today = timezone.localdate()
    SalesDay.objects.for_seller(seller).bulk_create(
        [
            SalesDay(
                seller=seller,
                product=product,
                marketplace=marketplace(market),
                day=today - datetime.timedelta(days=d),
                units=per_day,
            )
            for d in range(1, 29)
        ]
    )


@pytest.fixture
def lamp(seller):
    """600 units in the pool, 10 a day in the US and 5 in Germany: 40 days of cover."""
    product = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, product, node("GWD-SZX"), 500, cause_type="inbound", cause_key="seed-gwd")
    ledger.receive(seller, product, node("FC-US"), 100, cause_type="inbound", cause_key="seed-fc")
    sell(seller, product, 10, "US")
    sell(seller, product, 5, "DE")
    factory = Supplier.objects.for_seller(seller).create(
        seller=seller, name="Ningbo Lighting", lead_time_days=35, minimum_order_units=1000
    )
    ProductSupply.objects.for_seller(seller).create(seller=seller, product=product, supplier=factory)
    return product


def test_the_engine_orders_when_cover_falls_below_lead_plus_safety():
    result = reorders(
        pool_units=np.array([600.0, 6000.0, 100.0]),
        daily_demand=np.array([15.0, 15.0, 0.0]),
        lead_days=np.array([35.0, 35.0, 35.0]),
        minimum_order=np.array([1000.0, 1.0, 1.0]),
        safety_days=14,
        review_days=7,
        cycle_days=30,
    )
    assert result.needed.tolist() == [True, False, False]
    # 40 days of cover < 49: order now; (35 + 14 + 30) × 15 − 600 = 585, raised to the minimum 1,000.
    assert (int(result.order_in_days[0]), int(result.quantity[0])) == (0, 1000)


def test_a_suggestion_appears_when_cover_drops_below_lead_time(seller, lamp):
    [suggestion] = reorder_suggestions(seller)
    today = timezone.localdate()
    assert (suggestion.product, suggestion.pool_units, suggestion.daily_demand) == (lamp, 600, 15.0)
    assert suggestion.cover_days == 40.0
    assert (suggestion.quantity, suggestion.order_by) == (1000, today)
    assert suggestion.arrives_by == today + datetime.timedelta(days=35)
    assert (suggestion.supplier, suggestion.lead_time_assumed) == ("Ningbo Lighting", False)


def test_no_suggestion_while_cover_exceeds_lead_time_and_safety(seller, lamp):
    ProductSupply.objects.for_seller(seller).filter(product=lamp).update(
        lead_time_days=10
    )  # 10 + 14 + 7 < 40
    assert reorder_suggestions(seller) == []


def test_confirming_creates_the_inbound_plan_and_the_suggestion_goes(owner_client, seller, lamp):
    response = owner_client.post(reverse("inventory:reorder_confirm", args=[lamp.pk]), {"quantity": "1200"})
    plan = InboundShipment.objects.for_seller(seller).get()
    assert response["Location"] == reverse("inventory:inbound_detail", args=[plan.pk])
    assert InboundLine.objects.for_seller(seller).get(shipment=plan).quantity_expected == 1200
    assert plan.expected_date == timezone.localdate() + datetime.timedelta(days=35)
    assert reorder_suggestions(seller) == []  # 1,800 units now cover 120 days


def test_a_quantity_below_the_minimum_order_is_refused_and_nothing_is_created(owner_client, seller, lamp):
    owner_client.post(reverse("inventory:reorder_confirm", args=[lamp.pk]), {"quantity": "200"})
    body = owner_client.get(reverse("inventory:reorder_list")).content.decode()
    assert "minimum order" in body
    assert not InboundShipment.objects.for_seller(seller).exists()


def api(seller):
    _key, raw = create_api_key(seller=seller, name="erp", scopes=["inventory:read", "inventory:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_the_api_lists_and_confirms_suggestions(seller, lamp):
    client = api(seller)
    [item] = client.get("/api/v1/reorder-suggestions/").json()
    assert (item["sku"], item["quantity"], item["lead_time_days"]) == ("LAMP", 1000, 35)
    assert client.get(f"/api/v1/reorder-suggestions/{lamp.pk}/").json()["quantity"] == 1000
    created = client.post(f"/api/v1/reorder-suggestions/{lamp.pk}/confirm/", {}, format="json")
    assert created.status_code == 201
    assert InboundShipment.objects.for_seller(seller).get().reference == created.json()["reference"]


def test_another_sellers_suggestions_answer_404(owner_client, seller, other_seller):
    theirs = ProductFactory(seller=other_seller, sku="THEIRS")
    ledger.receive(other_seller, theirs, node("GWD-SZX"), 10, cause_type="inbound", cause_key="theirs")
    sell(other_seller, theirs, 5)
    client = api(seller)
    assert client.get(f"/api/v1/reorder-suggestions/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/reorder-suggestions/{theirs.pk}/confirm/", {}, format="json").status_code == 404
    )
    assert client.get("/api/v1/reorder-suggestions/").json() == []
    assert owner_client.post(reverse("inventory:reorder_confirm", args=[theirs.pk])).status_code == 404
    assert "THEIRS" not in owner_client.get(reverse("inventory:reorder_list")).content.decode()
    assert not InboundShipment.objects.for_seller(other_seller).exists()


def test_factory_terms_from_the_page_drive_the_suggestion(owner_client, seller):
    product = ProductFactory(seller=seller, sku="FAN")
    ledger.receive(seller, product, node("GWD-SZX"), 300, cause_type="inbound", cause_key="fan")
    sell(seller, product, 10)  # 30 days of cover
    bad = owner_client.post(
        reverse("inventory:reorder_list"),
        {"sku": "FAN", "supplier": "Foshan Fans", "lead_time_days": "0", "minimum_order_units": "500"},
    )
    assert bad.status_code == 400
    assert "lead_time_days" in bad.context["errors"]
    assert not Supplier.objects.for_seller(seller).exists()
    owner_client.post(
        reverse("inventory:reorder_list"),
        {"sku": "FAN", "supplier": "Foshan Fans", "lead_time_days": "20", "minimum_order_units": "500"},
    )
    [suggestion] = reorder_suggestions(seller)
    assert (suggestion.supplier, suggestion.lead_time_days, suggestion.quantity) == ("Foshan Fans", 20, 500)
