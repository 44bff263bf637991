"""factory_boy factories of the logistics app."""

import datetime
from decimal import Decimal

import factory

from listings.tests import factories as listings_factories
from logistics.models import (
    CarrierProgram,
    CarrierWebhook,
    DutyRate,
    EventSource,
    Lane,
    RateCard,
    Shipment,
    ShipmentCarton,
    ShipmentItem,
    ShipmentNotice,
    ShipmentReference,
    TrackingEvent,
    TrackingStatus,
)
from portal.tests.factories import SellerFactory


class ProductFactory(listings_factories.ProductFactory):
    """A catalogue product as logistics tests need it: priced in USD, with an HS code and dimensions."""

    sku = factory.Sequence(lambda n: f"LOG-{n:05d}")
    hs_code = "940520"
    unit_cost = Decimal("10.00")
    unit_cost_currency = "USD"
    weight_g = 800
    length_mm = 400
    width_mm = 200
    height_mm = 100


class CarrierProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarrierProgram
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST{n}")
    name = factory.Sequence(lambda n: f"Test carrier {n}")
    kind = CarrierProgram.Kind.CARRIER


class LaneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lane

    code = factory.Sequence(lambda n: f"test-lane-{n}")
    program = factory.SubFactory(CarrierProgramFactory)
    origin_country = "CN"
    destination_country = "ZA"
    mode = "air"
    service_level = "Standard"
    transit_days_min = 5
    transit_days_max = 8
    cutoff_weekday = None
    valid_from = datetime.date(2025, 1, 1)


class RateCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RateCard

    lane = factory.SubFactory(LaneFactory)
    basis = RateCard.Basis.CHARGEABLE_WEIGHT
    per_kg = Decimal("5.00")
    per_cbm = Decimal("0")
    volumetric_divisor = 6000
    min_charge = Decimal("0")
    fuel_surcharge_pct = Decimal("0")
    currency = "USD"
    valid_from = datetime.date(2025, 1, 1)
    source = "test rates"


class DutyRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyRate

    hs_prefix = "940520"
    destination = "ZA"
    rate = Decimal("0.10")
    source = "test tariff"
    valid_from = datetime.date(2025, 1, 1)


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    seller = factory.SubFactory(SellerFactory)
    reference = factory.Sequence(lambda n: f"SHP-{n:05d}")
    purpose = Shipment.Purpose.MANUAL
    lane = factory.LazyFunction(lambda: Lane.objects.get(code="agl-cn-us-ocean"))
    origin_country = "CN"
    destination_country = "US"
    destination_code = "AWD-US"


class ShipmentCartonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShipmentCarton

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(ShipmentFactory, seller=factory.SelfAttribute("..seller"))
    number = factory.Sequence(lambda n: n + 1)
    weight_g = 12_000
    length_mm = 600
    width_mm = 400
    height_mm = 400


class ShipmentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShipmentItem

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(ShipmentFactory, seller=factory.SelfAttribute("..seller"))
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    quantity = 24
    unit_value = Decimal("10.00")
    hs_code = "940520"


class ShipmentReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShipmentReference

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(ShipmentFactory, seller=factory.SelfAttribute("..seller"))
    kind = ShipmentReference.Kind.BOOKING
    value = factory.Sequence(lambda n: f"BK{n:08d}")


class TrackingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackingEvent

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(ShipmentFactory, seller=factory.SelfAttribute("..seller"))
    reference_type = ShipmentReference.Kind.TRANSPORT_DOCUMENT
    reference = factory.Sequence(lambda n: f"BL{n:08d}")
    reference_keys = factory.LazyAttribute(lambda o: f"|{o.reference_type}:{o.reference}|")
    source = EventSource.API
    carrier_code = "MAEU"
    dedup_key = factory.Sequence(lambda n: f"{n:064d}")
    raw_code = "DEPA"
    status = TrackingStatus.DEPARTED_ORIGIN
    event_time = factory.LazyFunction(lambda: datetime.datetime(2025, 3, 10, 14, 5, tzinfo=datetime.UTC))
    location = "Yantian (CNYTN)"


class ShipmentNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShipmentNotice

    seller = factory.SubFactory(SellerFactory)
    shipment = factory.SubFactory(ShipmentFactory, seller=factory.SelfAttribute("..seller"))
    kind = ShipmentNotice.Kind.CUSTOMS_HOLD
    key = factory.Sequence(lambda n: f"test:{n}")
    message = "Customs hold: documents requested (Los Angeles)"


class CarrierWebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarrierWebhook

    seller = factory.SubFactory(SellerFactory)
    carrier_code = factory.Sequence(lambda n: f"CAR{n}")
