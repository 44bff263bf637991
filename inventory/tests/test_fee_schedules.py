"""Amazon's published fees, dated: FBA before and after April 2024, AWD handling, the aged
surcharge; unknown before a schedule starts; products without dimensions named."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from inventory.services import ledger
from inventory.services.storage import FeeBook, storage_comparison
from inventory.tests.factories import ProductFactory, node

pytestmark = pytest.mark.django_db
CUBIC_FOOT_BOX = SimpleNamespace(length_mm=305, width_mm=305, height_mm=305, weight_g=1000)  # ~1 cu ft


@pytest.fixture
def boxed(seller):
    return ProductFactory(seller=seller, length_mm=450, width_mm=340, height_mm=185, weight_g=1000)


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (datetime.date(2024, 2, 15), Decimal("0.87")),
        (datetime.date(2024, 3, 31), Decimal("0.87")),
        (datetime.date(2024, 4, 1), Decimal("0.78")),
        (datetime.date(2025, 9, 30), Decimal("0.78")),
        (datetime.date(2024, 11, 1), Decimal("2.40")),
    ],
)
def test_the_fba_standard_rate_in_force_on_each_day(day, rate):
    assert FeeBook.load().find(node("FC-US"), "standard", day).rate == rate


def test_before_the_first_schedule_the_cost_is_unknown_not_zero(seller, boxed):
    book = FeeBook.load()
    assert book.find(node("FC-US"), "standard", datetime.date(2023, 12, 31)) is None
    assert book.monthly_cost(node("FC-US"), boxed, 10, datetime.date(2023, 12, 31)) is None
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    result = storage_comparison(seller, day=datetime.date(2023, 6, 1))
    assert result["unknown"]
    assert result["now"].unknown
    assert result["now"].monthly_cost is None


def test_awd_transport_starts_in_april_2025_and_processing_is_per_box_in_and_out():
    book = FeeBook.load()
    awd = node("AWD-US")
    assert book.transport_cost(awd, CUBIC_FOOT_BOX, 100, datetime.date(2025, 3, 31)) is None
    cost, currency = book.transport_cost(awd, CUBIC_FOOT_BOX, 100, datetime.date(2025, 4, 1))
    cubic_feet = Decimal(305**3) / Decimal(10**9) * 100 * Decimal("35.3146667")
    assert (cost, currency) == (Decimal("1.15") * cubic_feet, "USD")
    processing = book.processing_rate(awd, CUBIC_FOOT_BOX, datetime.date(2025, 4, 1))
    assert (processing.rate, processing.volume_unit) == (Decimal("1.35"), "box")


def test_the_comparison_shows_awd_handling_beside_its_monthly_storage(seller, boxed):
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    seller.home_currency = "USD"
    seller.save(update_fields=["home_currency"])
    awd = {o.label: o for o in storage_comparison(seller, day=datetime.date(2025, 5, 1))["options"]}["awd"]
    cubic_feet = Decimal(450 * 340 * 185) / Decimal(10**9) * 100 * Decimal("35.3146667")
    assert awd.one_off == (Decimal("1.15") * cubic_feet).quantize(Decimal("0.01"))
    assert awd.processing.rate == Decimal("1.35")


@pytest.mark.parametrize(
    ("age", "rate"),
    [
        (180, Decimal("0")),
        (181, Decimal("0.50")),
        (275, Decimal("5.45")),
        (365, Decimal("5.90")),
        (400, Decimal("6.90")),
    ],
)
def test_the_aged_inventory_surcharge_by_age_band(age, rate):
    cost, currency = FeeBook.load().aged_surcharge(
        node("FC-US"), CUBIC_FOOT_BOX, [(age, 10)], datetime.date(2024, 6, 1)
    )
    cubic_feet = Decimal(305**3) / Decimal(10**9) * 10 * Decimal("35.3146667")
    assert (cost, currency) == (rate * cubic_feet, "USD")


def test_the_aged_surcharge_is_unknown_before_april_2024():
    assert (
        FeeBook.load().aged_surcharge(node("FC-US"), CUBIC_FOOT_BOX, [(400, 1)], datetime.date(2024, 4, 14))
        is None
    )


def test_products_without_dimensions_are_named_and_left_out(owner_client, seller, boxed):
    flat = ProductFactory(seller=seller, sku="NO-SIZE", length_mm=None, width_mm=None, height_mm=None)
    ledger.receive(seller, boxed, node("FC-US"), 10, cause_type="inbound")
    ledger.receive(seller, flat, node("FC-US"), 10, cause_type="inbound")
    result = storage_comparison(seller, day=datetime.date(2025, 5, 1))
    assert result["missing_dimensions"] == ["NO-SIZE"]
    assert not result["unknown"]
    body = owner_client.get("/inventory/storage/").content.decode()
    assert "1 product has no dimensions" in body
    assert "NO-SIZE" in body


def test_the_daily_accrual_adds_the_aged_surcharge_of_units_old_enough(seller, boxed):

    from inventory.models import StockMovement, StorageAccrual
    from inventory.services.storage import accrue_storage_fees

    day = datetime.date(2025, 3, 15)
    ledger.receive(seller, boxed, node("FC-US"), 10, cause_type="inbound", cause_ref="OLD")
    ledger.receive(seller, boxed, node("FC-US"), 5, cause_type="inbound", cause_ref="NEW")
    noon = datetime.datetime(2025, 3, 15, 12, tzinfo=datetime.UTC)
    StockMovement.objects.for_seller(seller).filter(cause_ref="OLD").update(
        effective_at=noon - datetime.timedelta(days=200)
    )
    StockMovement.objects.for_seller(seller).filter(cause_ref="NEW").update(
        effective_at=noon - datetime.timedelta(days=20)
    )
    accrue_storage_fees(day=day)
    cubic_feet = Decimal(450 * 340 * 185) / Decimal(10**9) * Decimal("35.3146667")
    # 15 units at $0.78 a month, plus the 10 aged 181–210 days at $0.50 a month; for one day of March.
    expected = (15 * cubic_feet * Decimal("0.78") + 10 * cubic_feet * Decimal("0.50")) / 31
    assert StorageAccrual.objects.for_seller(seller).get().cost == expected.quantize(Decimal("0.0001"))
