"""Quote and compare: lanes priced, timed, ranked; landed cost with duty and VAT."""

import datetime
from decimal import Decimal

import pytest

from listings.services.fx import store_ecb_rates
from logistics.models import Lane
from logistics.services.quotes import next_departure, quote_lanes
from logistics.tests.factories import DutyRateFactory, LaneFactory, ProductFactory, RateCardFactory
from portal.exceptions import InvalidInput

READY = datetime.date(2026, 3, 2)  # a Monday
BULKY = {"weight_g": 5_000, "length_mm": 600, "width_mm": 500, "height_mm": 400}  # 20 kg volumetric at 6000


@pytest.fixture
def za_lanes(db):
    """Three lanes to a destination no seeded lane serves: cheap and slow, fast and dear, balanced."""
    slow = RateCardFactory(
        lane=LaneFactory(code="za-ocean", mode="ocean", transit_days_min=30, transit_days_max=40),
        per_kg="1.00",
    )
    fast = RateCardFactory(
        lane=LaneFactory(code="za-express", mode="express", transit_days_min=3, transit_days_max=5),
        per_kg="9.00",
        volumetric_divisor=5000,
    )
    mid = RateCardFactory(
        lane=LaneFactory(code="za-air", mode="air", transit_days_min=8, transit_days_max=10), per_kg="3.00"
    )
    return slow, fast, mid


@pytest.fixture
def lamp(seller):
    """A lamp (HS 940520) of the seller costing 10.00 USD a unit."""
    return ProductFactory(
        seller=seller, hs_code="940520", unit_cost=Decimal("10.00"), unit_cost_currency="USD"
    )


def by_code(quote):
    return {q.lane.code: q for q in quote.lanes}


def quote_from_china(seller, destination_country="ZA", **options):
    """`quote_lanes` from CN for one BULKY carton ready on READY, unless `options` say otherwise."""
    options = {"origin_country": "CN", "cartons": [BULKY], "ready_on": READY, **options}
    return quote_lanes(seller=seller, destination_country=destination_country, **options)


def test_the_quote_uses_the_volumetric_weight_when_it_is_larger(seller, za_lanes):
    quote = quote_lanes(
        seller=seller, origin_country="CN", destination_country="ZA", cartons=[BULKY, BULKY], ready_on=READY
    )
    air = by_code(quote)["za-air"]
    assert air.actual_kg == Decimal("10.000")
    assert air.volumetric_kg == Decimal("40.000")
    assert air.chargeable_kg == Decimal("40.000")
    assert air.volumetric_applies is True
    assert air.freight == Decimal("120.00")  # 40 kg × 3.00
    express = by_code(quote)["za-express"]
    assert express.chargeable_kg == Decimal("48.000")  # 2 × 24 kg at divisor 5000
    assert express.total == Decimal("432.00")


def test_the_quote_uses_the_actual_weight_when_it_is_larger(seller, za_lanes):
    dense = {"weight_g": 30_000, "length_mm": 400, "width_mm": 300, "height_mm": 300}
    quote = quote_lanes(
        seller=seller, origin_country="CN", destination_country="ZA", cartons=[dense], ready_on=READY
    )
    air = by_code(quote)["za-air"]
    assert air.chargeable_kg == Decimal("30.000")
    assert air.volumetric_applies is False


def test_cheapest_fastest_and_best_value_are_marked(seller, za_lanes):
    quote = quote_from_china(seller, value_per_day=Decimal("5"))
    lanes = by_code(quote)
    # Totals: ocean 20 kg × 1 = 20 (40 days), air 20 × 3 = 60 (10 days), express 24 × 9 = 216 (5 days).
    assert quote.cheapest.lane.code == "za-ocean"
    assert quote.fastest.lane.code == "za-express"
    # Scores with 5 USD a day: ocean 20 + 200 = 220, air 60 + 50 = 110, express 216 + 25 = 241.
    assert quote.best_value.lane.code == "za-air"
    assert lanes["za-air"].score == Decimal("110.00")
    assert sum(q.is_cheapest for q in quote.lanes) == sum(q.is_fastest for q in quote.lanes) == 1
    assert quote.lanes[0].lane.code == "za-air"  # best value first

    # Time worth nothing: best value is the cheapest.
    free_time = quote_from_china(seller, value_per_day=Decimal("0"))
    assert free_time.best_value.lane.code == "za-ocean"


def test_the_eta_counts_from_the_next_cut_off_day(seller, za_lanes):
    slow = za_lanes[0].lane
    slow.cutoff_weekday = 3  # Thursday
    slow.save()
    quote = quote_from_china(seller)
    ocean = by_code(quote)["za-ocean"]
    assert ocean.departure == datetime.date(2026, 3, 5)
    assert ocean.eta_earliest == datetime.date(2026, 4, 4)
    assert ocean.eta_latest == datetime.date(2026, 4, 14)
    assert ocean.days_to_eta == 43
    assert next_departure(datetime.date(2026, 3, 5), 3) == datetime.date(2026, 3, 5)
    assert next_departure(datetime.date(2026, 3, 6), 3) == datetime.date(2026, 3, 12)


@pytest.mark.django_db
def test_agl_canada_is_offered_only_from_2026(seller):
    before = quote_lanes(
        seller=seller,
        origin_country="CN",
        destination_country="CA",
        cartons=[BULKY],
        ready_on=datetime.date(2025, 12, 31),
    )
    assert before.lanes == []
    after = quote_lanes(
        seller=seller,
        origin_country="CN",
        destination_country="CA",
        cartons=[BULKY],
        ready_on=datetime.date(2026, 1, 1),
    )
    assert [q.lane.code for q in after.lanes] == ["agl-cn-ca-ocean"]


@pytest.mark.django_db
def test_lanes_outside_their_dates_or_inactive_are_left_out(seller):
    Lane.objects.filter(code="send-cn-us-express").update(valid_to=datetime.date(2026, 2, 28))
    Lane.objects.filter(code="send-cn-us-air").update(active=False)
    quote = quote_from_china(seller, "US")
    codes = {q.lane.code for q in quote.lanes}
    assert "send-cn-us-express" not in codes
    assert "send-cn-us-air" not in codes
    assert {"agl-cn-us-ocean", "agl-cn-us-air", "send-cn-us-ocean"} <= codes


@pytest.mark.django_db
def test_a_lane_without_a_valid_rate_card_is_reported_not_dropped(seller):
    lane = LaneFactory(code="za-no-card")
    RateCardFactory(lane=lane, valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 6, 30))
    quote = quote_from_china(seller)
    assert quote.lanes == []
    assert [e.lane.code for e in quote.excluded] == ["za-no-card"]


@pytest.mark.django_db
def test_a_lane_in_another_currency_is_compared_through_the_fx_table(seller, za_lanes):
    # 20 kg chargeable at 2.50 EUR = 50 EUR = 55 USD at 1 EUR = 1.10 USD: dearer than ocean (20 USD).
    RateCardFactory(lane=LaneFactory(code="za-eur"), currency="EUR", per_kg=Decimal("2.50"))
    store_ecb_rates(rate_date=READY, rates={"USD": Decimal("1.10")})
    quote = quote_from_china(seller, currency="USD")
    eur = by_code(quote)["za-eur"]
    assert (eur.total, eur.currency) == (Decimal("50.00"), "EUR")
    assert (eur.total_compared, eur.compare_currency) == (Decimal("55.00"), "USD")
    assert quote.cheapest.lane.code == "za-ocean"


@pytest.mark.django_db
def test_a_lane_in_a_currency_without_a_rate_is_reported_not_dropped(seller, za_lanes):
    RateCardFactory(lane=LaneFactory(code="za-try"), currency="TRY")
    quote = quote_from_china(seller, currency="USD")
    excluded = {e.lane.code: e.reason for e in quote.excluded}
    assert "TRY" in excluded["za-try"]
    assert "za-try" not in by_code(quote)


def test_landed_cost_per_unit_includes_duty_and_vat(seller, za_lanes, lamp):
    # ZA levies duty on CIF value and 15% import VAT on value + freight + duty.
    DutyRateFactory(hs_prefix="940520", destination="ZA", rate=Decimal("0.20"))
    quote = quote_from_china(seller, items=[{"product_id": lamp.pk, "quantity": 20}])
    air = by_code(quote)["za-air"]  # freight 60.00
    [line] = air.items
    assert line.freight_share == Decimal("60.00")
    assert line.duty == Decimal("52.00")  # (200 + 60) × 20%
    assert line.vat == Decimal("46.80")  # (200 + 60 + 52) × 15%
    assert line.landed_total == Decimal("358.80")
    assert line.landed_per_unit == Decimal("17.94")
    assert air.duty_total == Decimal("52.00")
    assert air.vat_total == Decimal("46.80")
    assert air.landed_total == Decimal("358.80")
    assert quote.warnings == []


@pytest.mark.django_db
def test_us_duty_is_on_the_goods_value_with_the_additional_duty_for_chinese_goods(seller, lamp):
    quote = quote_from_china(seller, "US", items=[{"product_id": lamp.pk, "quantity": 100}])
    air = by_code(quote)["agl-cn-us-air"]
    [line] = air.items
    assert line.duty_rate == Decimal("0.2890")  # 3.9% general + 25% Section 301
    assert line.duty == Decimal("289.00")  # on 1,000 of goods, freight not included (FOB)
    assert line.vat == Decimal("0.00")  # no import VAT in the US
    assert "indicative" in line.duty_source


def test_a_missing_duty_rate_is_a_warning_not_a_silent_zero(seller, za_lanes):
    product = ProductFactory(seller=seller, hs_code="999999")
    quote = quote_from_china(seller, items=[{"product_id": product.pk, "quantity": 1}])
    assert any("999999" in w for w in quote.warnings)
    assert quote.lanes[0].items[0].duty_rate is None


def test_another_sellers_product_cannot_be_quoted(seller, other_seller, za_lanes):
    theirs = ProductFactory(seller=other_seller)
    with pytest.raises(InvalidInput) as caught:
        quote_lanes(
            seller=seller,
            origin_country="CN",
            destination_country="ZA",
            cartons=[BULKY],
            items=[{"product_id": theirs.pk, "quantity": 1}],
        )
    assert "items.0.product_id" in caught.value.fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cartons", "field"),
    [
        ([], "cartons"),
        ([{**BULKY, "weight_g": 0}], "cartons.0.weight_g"),
        ([BULKY, {**BULKY, "height_mm": "tall"}], "cartons.1.height_mm"),
        ([{"weight_g": 100, "length_mm": 10, "width_mm": 10}], "cartons.0.height_mm"),
    ],
)
def test_bad_cartons_are_named_by_index_and_field(seller, cartons, field):
    with pytest.raises(InvalidInput) as caught:
        quote_lanes(seller=seller, origin_country="CN", destination_country="US", cartons=cartons)
    assert field in caught.value.fields


@pytest.mark.django_db
def test_uk_is_read_as_gb_and_bad_countries_are_refused(seller):
    quote = quote_lanes(
        seller=seller, origin_country="cn", destination_country="UK", cartons=[BULKY], ready_on=READY
    )
    assert [q.lane.code for q in quote.lanes] == ["agl-cn-gb-ocean"]
    assert quote.vat_rate == Decimal("0.2000")
    with pytest.raises(InvalidInput) as caught:
        quote_lanes(seller=seller, origin_country="China", destination_country="US", cartons=[BULKY])
    assert "origin_country" in caught.value.fields


@pytest.mark.django_db
def test_many_lanes_and_cartons_are_priced_in_a_constant_number_of_queries(
    seller, django_assert_max_num_queries
):
    for i in range(40):
        RateCardFactory(lane=LaneFactory(code=f"za-bulk-{i}"), per_kg=Decimal(1 + i))
    cartons = [BULKY] * 500
    with django_assert_max_num_queries(4):
        quote = quote_lanes(seller=seller, origin_country="CN", destination_country="ZA", cartons=cartons)
    assert len(quote.lanes) == 40
    assert quote.cheapest.lane.code == "za-bulk-0"
