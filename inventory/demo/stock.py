"""Demo stock of the demo sellers: a pool at the Shenzhen GWD, some units at the US and
German FCs, and 60 days of sales so that days of cover and the fee flags show. Some GWD
receipts carry a receiving date more than 181 days back, so the aged-inventory flag shows.

Idempotent: every ledger change has a `demo:` cause key and sales days are unique, so
another `seed_demo` changes nothing.
"""

from __future__ import annotations

import datetime
import math

from django.db import transaction
from django.utils import timezone

from inventory.models import Node, SalesDay
from inventory.services import ledger
from listings.models import Product
from portal.models import Marketplace, Seller

# Units at GWD, FC-US, FC-DE, and the daily sales rate in US and DE, by product index.
PLAN = [(1200, 90, 40, 4.0, 1.5), (800, 20, 0, 2.5, 0.8), (500, 300, 25, 0.6, 1.0), (2000, 0, 60, 0.0, 2.2)]
SALES_DAYS = 60
# The GWD receipts of these products (by index in PLAN) are backdated by so many days, so
# the aged-inventory flag (older than 181 days) shows on the pool page.
AGED_GWD_RECEIPTS = {0: 200, 3: 240}


@transaction.atomic
def create_demo_stock(*, seller: Seller) -> None:
    products = list(Product.objects.for_seller(seller).order_by("sku"))
    if not products:
        return
    nodes = Node.objects.in_bulk(["GWD-SZX", "FC-US", "FC-DE"], field_name="code")
    markets = Marketplace.objects.in_bulk(["US", "DE"], field_name="code")
    today = timezone.localdate()
    sales = []
    receipts: list[ledger.MovementSpec] = []
    for index, product in enumerate(products):
        gwd_units, us_units, de_units, us_rate, de_rate = PLAN[index % len(PLAN)]
        aged_days = AGED_GWD_RECEIPTS.get(index % len(PLAN))
        for code, units in (("GWD-SZX", gwd_units), ("FC-US", us_units), ("FC-DE", de_units)):
            if units:
                received = None
                if code == "GWD-SZX" and aged_days:
                    received = timezone.now() - datetime.timedelta(days=aged_days)
                receipts.append(
                    ledger.MovementSpec.receipt(
                        product,
                        nodes[code],
                        units,
                        cause_ref="demo",
                        cause_key=f"demo:{seller.pk}:{product.pk}:{code}",
                        effective_at=received,
                    )
                )
        for market, rate in (("US", us_rate), ("DE", de_rate)):
            for back in range(1, SALES_DAYS + 1):
                # A weekly rhythm around the rate, whole units.
                units = max(0, round(rate * (1 + 0.4 * math.sin(back / 7 * 2 * math.pi))))
                if units:
                    day = today - datetime.timedelta(days=back)
                    sales.append(
                        SalesDay(
                            seller=seller, product=product, marketplace=markets[market], day=day, units=units
                        )
                    )
    # All receipts in one bulk ledger write; known demo keys are skipped on a repeated seed.
    ledger.apply_movements(seller, receipts)
    SalesDay.objects.for_seller(seller).bulk_create(sales, ignore_conflicts=True)


DEMO_TRANSFER_REFERENCE = "DEMO-TRF-US-1"
DEMO_TRANSFER_UNITS = 40
