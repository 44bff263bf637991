"""Listings' answers to the portal's signals."""

from django.dispatch import receiver

from listings.demo import create_demo_products, publish_demo_listings
from portal.signals import demo_data_requested


@receiver(demo_data_requested, dispatch_uid="listings.demo_products")
def add_demo_products(sender, seller, **kwargs):
    create_demo_products(seller=seller)
    publish_demo_listings(seller=seller)
