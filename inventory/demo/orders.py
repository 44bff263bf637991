"""Demo channel orders of the demo sellers: a Shopify shop, a marketplace feed and a few orders.

Idempotent: connections are matched by name and orders by their channel id, so another
`seed_demo` changes nothing. Runs after the demo stock (connected later in receivers.py).
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from inventory.models import ChannelConnection, ChannelSkuMapping
from inventory.models.orders import Channel
from inventory.services.orders import OrderInput, OrderLineInput, receive_channel_order
from listings.models import Product
from portal.models import Seller

# (external id, channel, ship-to, marketplace, [(product index, quantity)], hours ago)
DEMO_ORDERS = [
    ("5921417609371", Channel.SHOPIFY, "US", "", [(0, 2), (1, 1)], 30),
    ("5921417642139", Channel.SHOPIFY, "CA", "", [(0, 1)], 20),
    ("5921417674907", Channel.SHOPIFY, "GB", "", [(2, 1)], 8),
    ("113-4419820-7730641", Channel.MARKETPLACE, "US", "US", [(0, 3)], 5),
    ("028-9931157-4402714", Channel.MARKETPLACE, "DE", "DE", [(1, 2)], 2),
]


def _demo_secret(seller: Seller) -> str:
    # Stable per seller so repeated seeding keeps the same secret; demo only.
    return "shpss_" + hashlib.sha256(f"{settings.SECRET_KEY}:{seller.slug}".encode()).hexdigest()[:32]


@transaction.atomic
def create_demo_orders(*, seller: Seller) -> None:
    products = list(Product.objects.for_seller(seller).order_by("sku"))
    if not products:
        return
    connections = ChannelConnection.objects.for_seller(seller)
    shop = connections.filter(name="Demo Shopify store").first() or connections.create(
        seller=seller,
        channel=Channel.SHOPIFY,
        name="Demo Shopify store",
        shop_domain=f"{seller.slug}-demo.myshopify.com",
        webhook_secret=_demo_secret(seller),
    )
    feed, _ = connections.get_or_create(
        seller=seller, name="Marketplace orders", defaults={"channel": Channel.MARKETPLACE}
    )
    # The shop's SKUs differ from the seller's: mapped, as a seller would.
    for product in products[:3]:
        ChannelSkuMapping.objects.for_seller(seller).get_or_create(
            seller=seller, connection=shop, channel_sku=f"SHOP-{product.sku}", defaults={"product": product}
        )
    now = timezone.now()
    for external_id, channel, country, market, lines, hours in DEMO_ORDERS:
        connection = shop if channel == Channel.SHOPIFY else feed
        prefix = "SHOP-" if channel == Channel.SHOPIFY else ""
        data = OrderInput(
            external_id=external_id,
            reference=f"#{external_id[-4:]}" if channel == Channel.SHOPIFY else external_id,
            ship_to_country=country,
            marketplace_code=market,
            placed_at=now - datetime.timedelta(hours=hours),
            lines=[
                OrderLineInput(sku=prefix + products[index % len(products)].sku, quantity=quantity)
                for index, quantity in lines
            ],
        )
        receive_channel_order(seller=seller, connection=connection, data=data)
