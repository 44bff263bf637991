"""factory_boy factories of channel orders (re-exported by `inventory.tests.factories`)."""

import factory

from inventory.models import (
    ChannelConnection,
    ChannelOrder,
    ChannelOrderLine,
    ChannelSkuMapping,
    Node,
    OrderAllocation,
    OrderSettings,
    RingFence,
    ShopifyWebhookDelivery,
)
from inventory.tests.factories import ProductFactory
from portal.tests.factories import SellerFactory


class ChannelConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelConnection

    seller = factory.SubFactory(SellerFactory)
    channel = "shopify"
    name = factory.Sequence(lambda n: f"Shopify store number {n}")
    shop_domain = factory.Sequence(lambda n: f"store-{n}.myshopify.com")
    webhook_secret = factory.Sequence(lambda n: f"shpss_0f1e2d3c4b5a69788796a5b4c3d2e1f{n:03d}")


class ChannelSkuMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelSkuMapping

    seller = factory.SubFactory(SellerFactory)
    connection = factory.SubFactory(ChannelConnectionFactory, seller=factory.SelfAttribute("..seller"))
    channel_sku = factory.Sequence(lambda n: f"SHOP-SKU-{n:05d}")
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))


class RingFenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RingFence

    seller = factory.SubFactory(SellerFactory)
    connection = factory.SubFactory(ChannelConnectionFactory, seller=factory.SelfAttribute("..seller"))
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    node = factory.LazyFunction(lambda: Node.objects.get(code="FC-US"))
    quantity = 5


class OrderSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderSettings

    seller = factory.SubFactory(SellerFactory)
    short_stock_policy = "partial"


class ChannelOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelOrder

    seller = factory.SubFactory(SellerFactory)
    connection = factory.SubFactory(ChannelConnectionFactory, seller=factory.SelfAttribute("..seller"))
    external_id = factory.Sequence(lambda n: f"59214176{n:05d}")
    reference = factory.Sequence(lambda n: f"#{1000 + n}")
    ship_to_country = "US"
    status = "reserved"
    currency = "USD"


class ChannelOrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelOrderLine

    seller = factory.SubFactory(SellerFactory)
    order = factory.SubFactory(ChannelOrderFactory, seller=factory.SelfAttribute("..seller"))
    line_number = factory.Sequence(lambda n: n + 1)
    channel_sku = factory.Sequence(lambda n: f"SHOP-SKU-{n:05d}")
    title = "LED Eye-Care Desk Lamp - White"
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    quantity = 2


class OrderAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderAllocation

    seller = factory.SubFactory(SellerFactory)
    line = factory.SubFactory(ChannelOrderLineFactory, seller=factory.SelfAttribute("..seller"))
    node = factory.LazyFunction(lambda: Node.objects.get(code="FC-US"))
    quantity = 2


class ShopifyWebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopifyWebhookDelivery

    seller = factory.SubFactory(SellerFactory)
    connection = factory.SubFactory(ChannelConnectionFactory, seller=factory.SelfAttribute("..seller"))
    webhook_id = factory.Sequence(lambda n: f"b54557e4-bdd9-4b37-8a5f-bf7d70bc{n:04d}")
    topic = "orders/create"
    outcome = "Order #1042 created: reserved."
