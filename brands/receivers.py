"""Brand protection's answers to the signals of the apps below it."""

from __future__ import annotations

from celery import current_app
from django.db import transaction
from django.dispatch import receiver

from listings.signals import listings_published
from portal.signals import demo_data_requested

MONITOR_PRODUCTS_TASK = "brands.tasks.monitoring.monitor_products"


@receiver(listings_published, dispatch_uid="brands.listings_published")
def listings_were_published(sender, seller, product_ids, **kwargs):
    """A publish: removed products stay off the marketplaces (now, in the publish's
    transaction), and the published listings are checked against the brands once it commits."""
    from brands.services.takedowns import enforce_takedowns

    ids = sorted(set(product_ids))
    if not ids:
        return
    enforce_takedowns(seller=seller, product_ids=ids)
    transaction.on_commit(lambda: current_app.signature(MONITOR_PRODUCTS_TASK, args=(ids,)).delay())


@receiver(demo_data_requested, dispatch_uid="brands.demo")
def add_demo_brand_protection(sender, seller, **kwargs):
    from brands.demo import create_demo_brand_protection

    create_demo_brand_protection(seller=seller)
