"""factory_boy factories of the inventory app."""

import datetime

import factory

from inventory.models import (
    InboundCarton,
    InboundLine,
    InboundReceipt,
    InboundShipment,
    Node,
    SalesDay,
    StockBalance,
    StockMovement,
    StorageAccrual,
    Transfer,
    TransferLine,
)
from listings.models import Product
from portal.models import Marketplace
from portal.tests.factories import SellerFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    sku = factory.Sequence(lambda n: f"INV-{n:05d}")
    title = factory.Sequence(lambda n: f"Product number {n}")
    status = Product.Status.ACTIVE
    weight_g = 800
    length_mm = 300
    width_mm = 200
    height_mm = 100


def node(code: str) -> Node:
    return Node.objects.get(code=code)


def marketplace(code: str) -> Marketplace:
    return Marketplace.objects.get(code=code)


class StockBalanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockBalance

    seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    node = factory.LazyFunction(lambda: node("GWD-SZX"))


class StockMovementFactory(factory.django.DjangoModelFactory):
    """A bare movement row (tests of reading); stock changes go through the ledger service."""

    class Meta:
        model = StockMovement

    seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    node = factory.LazyFunction(lambda: node("GWD-SZX"))
    kind = "receipt"
    quantity = 5
    on_hand_delta = 5
    cause_type = "inbound"
    cause_ref = factory.Sequence(lambda n: f"inbound-reference-{n}")
    reason = "counted at the hub dock"


class SalesDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesDay

    seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    marketplace = factory.LazyFunction(lambda: marketplace("US"))
    day = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    units = 3


class InboundShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundShipment

    seller = factory.SubFactory(SellerFactory)
    reference = factory.Sequence(lambda n: f"INB-2025-{n:05d}")
    node = factory.LazyFunction(lambda: node("GWD-SZX"))
    expected_date = datetime.date(2025, 3, 1)
    notes = "Two pallets, fragile on top"


class InboundLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundLine

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(InboundShipmentFactory, seller=factory.SelfAttribute("..seller"))
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    quantity_expected = 100


class InboundCartonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundCarton

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(InboundShipmentFactory, seller=factory.SelfAttribute("..seller"))
    count = 4
    length_mm = 600
    width_mm = 400
    height_mm = 400
    weight_g = 12000


class InboundReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundReceipt

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(InboundShipmentFactory, seller=factory.SelfAttribute("..seller"))
    source = "partner"
    reference = factory.Sequence(lambda n: f"WMS-RECEIPT-{n:06d}")
    lines = factory.LazyFunction(list)


class StorageAccrualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StorageAccrual

    seller = factory.SubFactory(SellerFactory)
    node = factory.LazyFunction(lambda: node("FC-US"))
    day = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    volume_m3 = "1.250000"
    units = 200
    cost = "0.9400"
    currency = "USD"


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    seller = factory.SubFactory(SellerFactory)
    reference = factory.Sequence(lambda n: f"TRF-2025-{n:05d}")
    from_node = factory.LazyFunction(lambda: node("GWD-SZX"))
    to_node = factory.LazyFunction(lambda: node("FC-US"))
    notes = "Top up the US fulfilment centre before the holidays"


class TransferLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransferLine

    seller = factory.SubFactory(SellerFactory)
    transfer = factory.SubFactory(TransferFactory, seller=factory.SelfAttribute("..seller"))
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    quantity = 24


# Channel orders' factories live beside them; re-exported so every app's factories are here.
from inventory.tests.order_factories import *  # noqa: E402, F403
