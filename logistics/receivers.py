"""Logistics' receivers: the portal's demo-data signal, and tracking's own.

A shipment that appears (or gains a reference) collects the tracking events that were
waiting for it. A receiver rather than a call from each place shipments are written
(services, admin, imports): whichever way a shipment gets a booking, transport document,
container or tracking number, its waiting events attach. The work runs after the
transaction commits, when the shipment's ShipmentReference rows are written too.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from logistics.demo import create_demo_shipments, create_demo_tracking
from logistics.models import Shipment, ShipmentReference
from portal.signals import demo_data_requested


@receiver(demo_data_requested, dispatch_uid="logistics.demo_shipments")
def add_demo_shipments(sender, seller, **kwargs):
    create_demo_shipments(seller=seller)
    create_demo_tracking(seller=seller)


@receiver(post_save, sender=Shipment, dispatch_uid="tracking_attach_on_shipment_save")
def attach_waiting_events_to_shipment(sender, instance: Shipment, raw=False, **kwargs):
    if raw:
        return
    _attach_on_commit(instance.seller_id, instance.pk)


@receiver(post_save, sender=ShipmentReference, dispatch_uid="tracking_attach_on_reference_save")
def attach_waiting_events_to_reference(
    sender, instance: ShipmentReference, raw=False, created=False, **kwargs
):
    if raw or not created:
        return
    _attach_on_commit(instance.seller_id, instance.shipment_id)


def _attach_on_commit(seller_id: int, shipment_id: int) -> None:
    def attach():
        from logistics.services.tracking import attach_unmatched_events_by_id

        attach_unmatched_events_by_id(seller_id=seller_id, shipment_id=shipment_id)

    transaction.on_commit(attach)
