"""Landed cost from the lanes in target-margin pricing, and repricing after a rate-card change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import LandedCost, Listing, PricingRule
from listings.services.pricing import prices_for
from listings.tests.pricing_factories import PricingRuleFactory
from logistics.models import Lane, RateCard
from logistics.services.landed_costs import refresh_landed_costs, serving_countries
from logistics.tasks import refresh_landed_costs as refresh_task
from logistics.tests.factories import DutyRateFactory, LaneFactory, ProductFactory, RateCardFactory
from portal.models import JobRun, Marketplace
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def us():
    return Marketplace.objects.get(code="US")


@pytest.fixture
def lanes():
    """Two lanes to the US instead of the seeded ones: ocean by W/M and air by the kg."""
    Lane.objects.filter(destination_country="US").update(active=False)
    ocean = RateCardFactory(
        lane=LaneFactory(code="t-cn-us-ocean", destination_country="US", mode="ocean"),
        basis=RateCard.Basis.WEIGHT_OR_MEASURE,
        per_kg=Decimal("0"),
        per_cbm=Decimal("165"),
        volumetric_divisor=1000,
        source="AGL tariff 2026-Q4",
    )
    air = RateCardFactory(lane=LaneFactory(code="t-cn-us-air", destination_country="US"), per_kg=Decimal("6"))
    DutyRateFactory(hs_prefix="94052099", destination="US", rate=Decimal("0.05"), source="HTSUS test line")
    return ocean, air


@pytest.fixture
def usd_seller(seller):
    seller.home_currency = "USD"
    seller.save(update_fields=["home_currency"])
    return seller


@pytest.fixture
def heavy(usd_seller):
    # 20 kg, 8,000 cm³: revenue tons 0.02 (weight beats measure); USD 10 at cost.
    return ProductFactory(seller=usd_seller, weight_g=20_000, hs_code="94052099")


def test_the_cheapest_lane_to_the_serving_fc_gives_freight_and_the_duty_table_gives_duty(
    usd_seller, heavy, lanes, us
):
    summary = refresh_landed_costs(seller=usd_seller)
    row = LandedCost.objects.for_seller(usd_seller).get(product=heavy, marketplace=us)
    assert (row.lane_code, row.route) == ("t-cn-us-ocean", "fc")
    assert row.freight == Decimal("3.3000")  # 0.02 revenue tons × 165
    assert (row.duty, row.duty_rate, row.duty_source) == (
        Decimal("0.5000"),
        Decimal("0.0500"),
        "HTSUS test line",
    )
    assert "AGL tariff 2026-Q4" in row.freight_source
    assert summary["no_weight"] == 0
    # Canada and Mexico are served by the US FC: the same lane.
    assert LandedCost.objects.for_seller(usd_seller).get(product=heavy, marketplace__code="CA").lane_code == (
        "t-cn-us-ocean"
    )


def test_target_margin_prices_on_the_lanes_cost_and_names_each_source(usd_seller, heavy, lanes, us):
    refresh_landed_costs(seller=usd_seller)
    quote = prices_for(usd_seller, [heavy], [us])[(heavy.pk, "US")]
    # (10 + 3.30 freight + 0.50 duty) / (1 − 0.25 margin − 0.15 referral) = 23.00
    assert quote.amount == Decimal("23.00")
    assert quote.landed_cost == Decimal("13.80")
    parts = {part.name: part for part in quote.cost_parts}
    assert parts["Freight"].amount == Decimal("3.3")
    assert "t-cn-us-ocean" not in parts["Freight"].source  # the lane's name, not its code
    assert "AGL tariff 2026-Q4" in parts["Freight"].source
    assert "HTSUS test line" in parts["Duty"].source


def test_the_rule_overrides_the_lanes(usd_seller, heavy, lanes, us):
    refresh_landed_costs(seller=usd_seller)
    PricingRuleFactory(
        seller=usd_seller,
        method=PricingRule.Method.TARGET_MARGIN,
        cost_source=PricingRule.CostSource.RULE,
        freight_per_kg=Decimal("1.00"),
        duty_rate=Decimal("0"),
    )
    quote = prices_for(usd_seller, [heavy], [us])[(heavy.pk, "US")]
    assert quote.amount == Decimal("50.00")  # (10 + 20 kg × 1) / 0.6
    assert "rule override" in {part.name: part for part in quote.cost_parts}["Freight"].source


def test_without_a_rated_lane_the_rule_applies_and_says_so(usd_seller, heavy, us):
    quote = prices_for(usd_seller, [heavy], [us])[(heavy.pk, "US")]
    assert "no lane rated yet" in {part.name: part for part in quote.cost_parts}["Freight"].source


def test_a_marketplace_without_a_lane_to_its_fc_is_served_direct():
    saudi = Marketplace.objects.get(code="SA")
    germany_served = Marketplace.objects.get(code="FR")
    assert serving_countries(saudi) == [("fc", "SA")]
    assert serving_countries(germany_served) == [("fc", "DE"), ("direct", "FR")]


def _live(seller, product, marketplace, price):
    return Listing.objects.for_seller(seller).create(
        seller=seller,
        product=product,
        marketplace=marketplace,
        marketplace_sku=f"{product.sku}-US",
        locale="en_US",
        title=product.title,
        price=Decimal(price),
        currency="USD",
        fulfilment_route="local_fc",
        fulfilment_from="US",
        delivery_days_min=1,
        delivery_days_max=3,
        state="live",
    )


def _change_card(client, card, per_cbm):
    url = reverse("admin:logistics_ratecard_change", args=[card.pk])
    data = {
        "lane": card.lane_id,
        "basis": card.basis,
        "per_kg": "0",
        "per_cbm": per_cbm,
        "volumetric_divisor": card.volumetric_divisor,
        "min_charge": "0",
        "fuel_surcharge_pct": "0",
        "currency": "USD",
        "valid_from": card.valid_from.isoformat(),
        "valid_to": "",
        "source": card.source,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content


def test_a_rate_card_change_moves_a_target_margin_price_only_past_the_threshold(
    client, usd_seller, heavy, lanes, us, django_capture_on_commit_callbacks
):
    refresh_landed_costs(seller=usd_seller)
    listing = _live(usd_seller, heavy, us, "23.00")
    client.force_login(UserFactory(username="ops@nggs.example", is_staff=True, is_superuser=True))
    ocean, _air = lanes

    with django_capture_on_commit_callbacks(execute=False) as queued:
        _change_card(client, ocean, "166")  # freight 3.32: price 23.03, a 0.13% move
    assert len(queued) == 1
    job = JobRun.objects.for_seller(usd_seller).get(kind="logistics.landed_costs")
    refresh_task(job.pk)
    job.refresh_from_db()
    assert job.summary["repricing"]["below_threshold"] == 1
    listing.refresh_from_db()
    assert listing.price == Decimal("23.00")

    with django_capture_on_commit_callbacks(execute=False):
        _change_card(client, ocean, "200")  # freight 4.00: price 24.17, a 5% move
    job = JobRun.objects.for_seller(usd_seller).filter(kind="logistics.landed_costs").latest("pk")
    refresh_task(job.pk)
    listing.refresh_from_db()
    assert listing.price == Decimal("24.17")


def test_refresh_writes_only_the_sellers_own_rows(usd_seller, other_seller, heavy, lanes):
    other_seller.home_currency = "USD"
    other_seller.save(update_fields=["home_currency"])
    theirs = ProductFactory(seller=other_seller, weight_g=1000)
    refresh_landed_costs(seller=other_seller)
    refresh_landed_costs(seller=usd_seller)
    assert set(LandedCost.objects.for_seller(other_seller).values_list("product_id", flat=True)) == {
        theirs.pk
    }
    assert set(LandedCost.objects.for_seller(usd_seller).values_list("product_id", flat=True)) == {heavy.pk}


def test_the_refresh_button_starts_the_job_for_the_own_seller(
    owner_client, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = owner_client.post(reverse("logistics:landed_costs_refresh"))
    job = JobRun.objects.for_seller(seller).get(kind="logistics.landed_costs")
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=[job.pk])


def test_the_pricing_page_shows_where_each_cost_comes_from(owner_client, usd_seller, heavy, lanes):
    refresh_landed_costs(seller=usd_seller)
    page = owner_client.get(reverse("listings:pricing")).content.decode()
    assert "AGL tariff 2026-Q4" in page
    assert "HTSUS test line" in page
    assert "reclaimed against the VAT on the sale" in page
