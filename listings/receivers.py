"""Listings' answers to the portal's signals."""

from django.dispatch import receiver

from listings.demo import create_demo_products
from portal.signals import demo_data_requested


@receiver(demo_data_requested, dispatch_uid="listings.demo_products")
def add_demo_products(sender, seller, **kwargs):
    create_demo_products(seller=seller)


# FX rates, pricing rules, translations, the brand store and reviews (after the products).
@receiver(demo_data_requested, dispatch_uid="listings.demo_pricing")
def add_demo_pricing(sender, seller, **kwargs):
    from listings.demo_pricing import create_demo_pricing

    create_demo_pricing(seller=seller)
