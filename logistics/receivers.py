"""Logistics' answers to the portal's signals."""

from django.dispatch import receiver

from logistics.demo import create_demo_shipments, create_demo_tracking
from portal.signals import demo_data_requested


@receiver(demo_data_requested, dispatch_uid="logistics.demo_shipments")
def add_demo_shipments(sender, seller, **kwargs):
    create_demo_shipments(seller=seller)
    create_demo_tracking(seller=seller)
