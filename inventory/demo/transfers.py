"""A demo transfer of the demo sellers: pool stock on its way from the GWD to a marketplace node."""

from __future__ import annotations

from django.db import transaction

from inventory.demo.stock import DEMO_TRANSFER_REFERENCE, DEMO_TRANSFER_UNITS
from listings.models import Product
from portal.models import Seller


def create_demo_transfer(*, seller: Seller) -> None:
    """One transfer GWD-SZX → FC-US of the first SKU, dispatched: its freight is on the way.

    Idempotent: a seller that has the demo transfer already gets nothing more.
    """
    from inventory.models import StockBalance, Transfer
    from inventory.services.transfers import create_transfer, dispatch_transfer

    if Transfer.objects.for_seller(seller).filter(reference=DEMO_TRANSFER_REFERENCE).exists():
        return
    product = Product.objects.for_seller(seller).order_by("sku").first()
    if product is None:
        return
    balance = StockBalance.objects.for_seller(seller).filter(product=product, node__code="GWD-SZX").first()
    units = min(DEMO_TRANSFER_UNITS, balance.available if balance else 0)
    if units < 1:
        return
    with transaction.atomic():
        transfer = create_transfer(
            seller=seller,
            reference=DEMO_TRANSFER_REFERENCE,
            from_node="GWD-SZX",
            to_node="FC-US",
            lines=[{"product": product, "quantity": units}],
            notes="Top up the US fulfilment centre from the Shenzhen pool.",
        )
        dispatch_transfer(
            seller=seller,
            transfer=transfer,
            cartons=[{"weight_g": 14000, "length_mm": 600, "width_mm": 400, "height_mm": 400}] * 2,
        )
