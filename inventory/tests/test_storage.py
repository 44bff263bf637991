"""Storage fees: the schedule that applies, the daily accrual, and the comparison page data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import InboundLine, StockBalance, StorageAccrual, StorageFeeSchedule
from inventory.services import ledger
from inventory.services.storage import FeeBook, accrue_storage_fees, size_tier, storage_comparison
from inventory.tests.factories import InboundShipmentFactory, ProductFactory, node


@pytest.fixture
def boxed(seller):
    # 450 × 340 × 185 mm: 0.028305 m³ (just under one cubic foot), standard size, 1 kg.
    return ProductFactory(seller=seller, length_mm=450, width_mm=340, height_mm=185, weight_g=1000)


CUBIC_FEET = Decimal("0.028305") * Decimal("35.3146667")


@pytest.fixture
def gwd_rate_card(db):
    """A GWD rate an operator entered with its source (no rate is seeded: none is published)."""
    return StorageFeeSchedule.objects.create(
        name="GWD Shenzhen storage",
        node_kind="gwd",
        rate=Decimal("84.25"),
        volume_unit="m3",
        currency="CNY",
        valid_from=datetime.date(2024, 1, 1),
        source="GWD Shenzhen rate card sent to sellers (test)",
        source_date=datetime.date(2025, 1, 10),
    )


def test_published_fba_rates_by_season_and_size(seller, boxed):
    book = FeeBook.load()
    fc = node("FC-US")
    assert book.find(fc, "standard", datetime.date(2025, 3, 1)).rate == Decimal("0.78")
    assert book.find(fc, "standard", datetime.date(2025, 11, 1)).rate == Decimal("2.40")
    assert book.find(fc, "oversize", datetime.date(2025, 3, 1)).rate == Decimal("0.56")
    assert book.find(node("AWD-US"), "standard", datetime.date(2025, 11, 1)).rate == Decimal("0.48")
    # No GWD rate is published: none is seeded, least of all one derived from the saving claimed.
    assert book.find(node("GWD-SZX"), "standard", datetime.date(2025, 3, 1)) is None
    heavy = ProductFactory(seller=seller, weight_g=12000)
    assert (size_tier(boxed), size_tier(heavy)) == ("standard", "oversize")


def test_daily_accrual_per_seller_and_node_is_idempotent(seller, other_seller, boxed, gwd_rate_card):
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    theirs = ProductFactory(seller=other_seller)
    ledger.receive(other_seller, theirs, node("GWD-SZX"), 10, cause_type="inbound")
    day = datetime.date(2025, 3, 15)
    assert accrue_storage_fees(day=day) == 2
    assert accrue_storage_fees(day=day) == 2
    row = StorageAccrual.objects.for_seller(seller).get()
    # 100 units × 0.99958 cu ft × $0.78 per month / 31 days in March.
    assert row.currency == "USD"
    assert row.cost == (100 * CUBIC_FEET * Decimal("0.78") / 31).quantize(Decimal("0.0001"))
    assert row.cost == Decimal("2.5151")
    assert StorageAccrual.objects.for_seller(other_seller).get().currency == "CNY"


def test_comparison_shows_each_place_in_native_currencies(seller, boxed, gwd_rate_card):
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    result = storage_comparison(seller, day=datetime.date(2025, 11, 2))
    assert result["units"] == 100
    fba = {o.label: o for o in result["options"]}["fc"]
    # November is peak: $2.40 per cubic foot.
    assert fba.native == [(Decimal("239.90"), "USD")]
    gwd = {o.label: o for o in result["options"]}["gwd"]
    assert gwd.native[0][1] == "CNY"


def test_operator_receives_in_the_admin(admin_client, seller, boxed):
    shipment = InboundShipmentFactory(seller=seller)
    line = InboundLine.objects.with_scopes_disabled().create(
        seller=seller, shipment=shipment, product=boxed, quantity_expected=10
    )
    url = reverse("admin:inventory_inboundshipment_receive", args=[shipment.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"reference": "DOCK-1", f"received_{line.pk}": 9, f"damaged_{line.pk}": 1}
    )
    assert response.status_code == 302
    assert StockBalance.objects.for_seller(seller).get(product=boxed).on_hand == 8


# The comparison in the seller's home currency -------------------------------------


@pytest.fixture
def fx_rates(db):
    from listings.tests.pricing_factories import FxRateFactory

    # ECB reference rates: units per euro. An older GBP rate must give way to the newer one.
    FxRateFactory(currency="GBP", rate=Decimal("0.9000"), rate_date=datetime.date(2025, 3, 1))
    for currency, rate in (("USD", "1.0815"), ("GBP", "0.8400"), ("CNY", "7.8000")):
        FxRateFactory(currency=currency, rate=Decimal(rate), rate_date=datetime.date(2025, 3, 14))


def test_the_saving_of_gwd_and_awd_against_fba_is_exact_in_the_home_currency(
    seller, boxed, fx_rates, gwd_rate_card
):
    seller.home_currency = "GBP"
    seller.save(update_fields=["home_currency"])
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    result = storage_comparison(seller, day=datetime.date(2025, 3, 15))
    volume = Decimal(450 * 340 * 185) / Decimal(10**9) * 100  # 2.8305 m³
    cubic_feet = volume * Decimal("35.3146667")
    gbp_per = {"USD": Decimal("0.8400") / Decimal("1.0815"), "CNY": Decimal("0.8400") / Decimal("7.8000")}
    # FBA off-peak $0.78/cu ft, AWD $0.48/cu ft, GWD 84.25 CNY/m³, each a month, in pounds.
    fba = (Decimal("0.78") * cubic_feet * gbp_per["USD"]).quantize(Decimal("0.01"))
    awd = (Decimal("0.48") * cubic_feet * gbp_per["USD"]).quantize(Decimal("0.01"))
    gwd = (Decimal("84.25") * volume * gbp_per["CNY"]).quantize(Decimal("0.01"))
    assert (fba, awd, gwd) == (Decimal("60.56"), Decimal("37.27"), Decimal("25.68"))
    assert result["home_currency"] == "GBP"
    assert not result["fx_missing"]
    assert result["now"].monthly_cost == fba
    options = {o.label: o for o in result["options"]}
    assert options["fc"].saving == Decimal("0.00")
    assert options["awd"].saving == Decimal("23.29")
    assert options["gwd"].saving == Decimal("34.88")
    assert options["gwd"].native == [(Decimal("238.47"), "CNY")]


def test_the_storage_page_shows_the_savings_in_the_home_currency(
    owner_client, seller, boxed, fx_rates, gwd_rate_card
):
    seller.home_currency = "GBP"
    seller.save(update_fields=["home_currency"])
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    body = owner_client.get(reverse("inventory:storage")).content.decode()
    assert "Saving against now (GBP)" in body
    assert "Some exchange rates are missing" not in body
    # Today's season decides the FBA rate, so check the GWD row, which has one rate all year.
    gwd_row = body.split("All in the GWD")[1].split("</tr>")[0]
    assert "25.68" in gwd_row
    assert "238.47 CNY" in gwd_row


def test_without_a_rate_the_comparison_says_so_instead_of_guessing(seller, boxed):
    seller.home_currency = "GBP"
    seller.save(update_fields=["home_currency"])
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    result = storage_comparison(seller, day=datetime.date(2025, 3, 15))
    assert result["fx_missing"]
    assert result["now"].monthly_cost is None
    assert all(o.saving is None for o in result["options"])


def test_another_sellers_stock_is_not_in_my_comparison(owner_client, other_seller, fx_rates):
    theirs = ProductFactory(seller=other_seller, length_mm=450, width_mm=340, height_mm=185)
    ledger.receive(other_seller, theirs, node("FC-US"), 100, cause_type="inbound")
    body = owner_client.get(reverse("inventory:storage")).content.decode()
    assert "0 units on hand" in body


def test_without_a_gwd_rate_the_gwd_is_not_priced_and_the_page_says_why(
    owner_client, seller, boxed, fx_rates
):
    seller.home_currency = "GBP"
    seller.save(update_fields=["home_currency"])
    ledger.receive(seller, boxed, node("FC-US"), 100, cause_type="inbound")
    ledger.receive(seller, boxed, node("GWD-SZX"), 40, cause_type="inbound")
    result = storage_comparison(seller, day=datetime.date(2025, 3, 15))
    gwd = {o.label: o for o in result["options"]}["gwd"]
    assert (gwd.monthly_cost, gwd.saving, gwd.unpriced_units) == (None, None, 140)
    assert result["now"].unpriced_units == 40
    assert result["unrated_kinds"] == ["gwd"]
    assert not result["fx_missing"]
    body = owner_client.get(reverse("inventory:storage")).content.decode()
    assert "No GWD storage rate has been entered with its source yet" in body
    assert "40 units are at nodes with no storage rate in force" in body


def test_the_page_names_every_source_and_flags_an_estimate(owner_client, seller, gwd_rate_card):
    gwd_rate_card.estimate = True
    gwd_rate_card.save()
    body = owner_client.get(reverse("inventory:storage")).content.decode()
    sources = body.split("Where the rates come from")[1]
    assert "GWD Shenzhen rate card sent to sellers (test)" in sources
    assert "as of 2025-01-10" in sources
    assert "estimate, not a published rate" in sources
    assert "Amazon Warehousing and Distribution (AWD) fees" in sources
    assert "Amazon Seller Central (US)" in sources
