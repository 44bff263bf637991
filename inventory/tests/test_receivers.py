"""A delivered shipment puts its units on hand at the destination node, exactly once."""

from types import SimpleNamespace

import pytest

from inventory.models import StockBalance, StockMovement
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from logistics.signals import shipment_delivered
from portal.models import AuditEvent


def delivered(seller, *, pk, purpose, destination, items):
    """The shipment as the signal's contract describes it (logistics.signals)."""
    return SimpleNamespace(
        pk=pk,
        seller=seller,
        purpose=purpose,
        source_reference=f"{purpose}:{pk}",
        destination_code=destination,
        items=[SimpleNamespace(product_id=p.pk, quantity=q) for p, q in items],
    )


def on_hand(seller, product, code):
    row = StockBalance.objects.for_seller(seller).filter(product=product, node__code=code).first()
    return (row.on_hand, row.in_transit) if row else (0, 0)


def test_transfer_delivered_twice_adds_stock_once(seller):
    lamp, fan = ProductFactory(seller=seller), ProductFactory(seller=seller)
    gwd, fc = node("GWD-SZX"), node("FC-US")
    ledger.receive(seller, lamp, gwd, 50, cause_type="inbound")
    ledger.transfer_out(seller, lamp, gwd, 30, destination=fc)
    shipment = delivered(
        seller, pk=41, purpose="transfer", destination="FC-US", items=[(lamp, 20), (lamp, 10)]
    )

    shipment_delivered.send(sender=None, shipment=shipment)
    shipment_delivered.send(sender=None, shipment=shipment)

    assert on_hand(seller, lamp, "FC-US") == (30, 0)
    assert on_hand(seller, fan, "FC-US") == (0, 0)
    assert (
        StockMovement.objects.for_seller(seller).filter(cause_key=f"shipment:41:product:{lamp.pk}").count()
        == 1
    )


def test_inbound_delivery_consumes_the_announced_inbound(seller):
    lamp = ProductFactory(seller=seller)
    ledger.expect_inbound(seller, lamp, node("GWD-SZX"), 100)
    shipment = delivered(seller, pk=7, purpose="inbound", destination="GWD-SZX", items=[(lamp, 100)])
    shipment_delivered.send(sender=None, shipment=shipment)
    shipment_delivered.send(sender=None, shipment=shipment)
    row = StockBalance.objects.for_seller(seller).get(product=lamp)
    assert (row.on_hand, row.inbound) == (100, 0)


def test_manual_shipments_do_not_touch_stock(seller):
    lamp = ProductFactory(seller=seller)
    shipment = delivered(seller, pk=8, purpose="manual", destination="FC-US", items=[(lamp, 5)])
    shipment_delivered.send(sender=None, shipment=shipment)
    assert not StockMovement.objects.for_seller(seller).exists()


def test_unknown_destination_is_reported_not_guessed(seller):
    lamp = ProductFactory(seller=seller)
    shipment = delivered(seller, pk=9, purpose="transfer", destination="FC-XX", items=[(lamp, 5)])
    shipment_delivered.send(sender=None, shipment=shipment)
    assert not StockMovement.objects.for_seller(seller).exists()
    assert AuditEvent.objects.for_seller(seller).filter(action="inventory.delivery_unknown_node").exists()


def test_another_sellers_product_on_a_shipment_is_not_received(seller, other_seller):
    theirs = ProductFactory(seller=other_seller)
    shipment = delivered(seller, pk=10, purpose="transfer", destination="FC-US", items=[(theirs, 5)])
    shipment_delivered.send(sender=None, shipment=shipment)
    assert not StockMovement.objects.with_scopes_disabled().exists()


@pytest.mark.django_db
def test_demo_stock_is_idempotent():
    from inventory.demo.stock import create_demo_stock
    from listings.demo.catalogue import create_demo_products
    from portal.tests.factories import SellerFactory

    demo = SellerFactory(slug="shenzhen-bright-home")
    create_demo_products(seller=demo)
    create_demo_stock(seller=demo)
    counts = (StockMovement.objects.for_seller(demo).count(), StockBalance.objects.for_seller(demo).count())
    create_demo_stock(seller=demo)
    assert counts[0] > 0
    assert (
        StockMovement.objects.for_seller(demo).count(),
        StockBalance.objects.for_seller(demo).count(),
    ) == counts


@pytest.mark.django_db
def test_demo_stock_shows_aged_inventory_on_the_pool():
    from inventory.demo.stock import create_demo_stock
    from inventory.selectors.pool import pool_page
    from listings.demo.catalogue import create_demo_products
    from portal.tests.factories import SellerFactory

    demo = SellerFactory(slug="shenzhen-bright-home")
    create_demo_products(seller=demo)
    create_demo_stock(seller=demo)
    _page, rows = pool_page(demo)
    aged = [row.product.sku for row in rows if row.aged_units]
    assert aged
    assert len(aged) < len(rows)  # some products, not every one
