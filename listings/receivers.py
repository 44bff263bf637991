"""Listings' answers to the portal's signals."""

from django.dispatch import receiver

from listings.demo import create_demo_products, publish_demo_listings
from listings.demo_pricing import create_demo_pricing
from portal.signals import demo_data_requested


@receiver(demo_data_requested, dispatch_uid="listings.demo_products")
def add_demo_products(sender, seller, **kwargs):
    create_demo_products(seller=seller)
    # Rates, rules, translations, brand store and reviews: before any publishing, so the
    # first publish already prices and localises the demo listings.
    create_demo_pricing(seller=seller)
    publish_demo_listings(seller=seller)
