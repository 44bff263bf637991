"""The demo shipments come with carrier events: a voyage under way, a delivery, a customs hold."""

import pytest
from django.urls import reverse

from logistics.demo import create_demo_shipments, create_demo_tracking
from logistics.models import Shipment, ShipmentNotice, TrackingEvent
from portal.signals import demo_data_requested
from portal.tests.factories import MembershipFactory, SellerFactory

pytestmark = pytest.mark.django_db


def states(seller):
    return dict(Shipment.objects.for_seller(seller).values_list("reference", "status"))


def test_demo_timelines_show_transit_delivery_and_a_customs_hold(django_capture_on_commit_callbacks):
    seller = SellerFactory(slug="shenzhen-bright-home")
    create_demo_shipments(seller=seller)
    with django_capture_on_commit_callbacks(execute=True):
        assert create_demo_tracking(seller=seller) == 14
    assert states(seller) == {
        "DEMO-TR-001": "in_transit",
        "DEMO-TR-002": "pending",
        "DEMO-MAN-003": "delivered",
        "DEMO-TR-004": "customs_hold",
    }
    held = Shipment.objects.for_seller(seller).get(reference="DEMO-TR-004")
    assert held.last_location == "Felixstowe (GBFXT)"
    [notice] = ShipmentNotice.objects.for_seller(seller).filter(shipment=held)
    assert notice.kind == ShipmentNotice.Kind.CUSTOMS_HOLD
    assert Shipment.objects.for_seller(seller).get(reference="DEMO-MAN-003").delivered_at is not None


def test_seeding_again_adds_no_events_or_notices(django_capture_on_commit_callbacks):
    seller = SellerFactory(slug="shenzhen-bright-home")
    with django_capture_on_commit_callbacks(execute=True):
        demo_data_requested.send(sender=None, seller=seller)
    counts = (
        TrackingEvent.objects.for_seller(seller).count(),
        ShipmentNotice.objects.for_seller(seller).count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo_data_requested.send(sender=None, seller=seller)
        assert create_demo_tracking(seller=seller) == 0
    assert counts[0] >= 14
    assert (
        TrackingEvent.objects.for_seller(seller).count(),
        ShipmentNotice.objects.for_seller(seller).count(),
    ) == counts


def test_the_timeline_page_shows_the_demo_events(client, django_capture_on_commit_callbacks):
    seller = SellerFactory(slug="shenzhen-bright-home")
    create_demo_shipments(seller=seller)
    with django_capture_on_commit_callbacks(execute=True):
        create_demo_tracking(seller=seller)
    client.force_login(MembershipFactory(seller=seller, role="owner").user)
    held = Shipment.objects.for_seller(seller).get(reference="DEMO-TR-004")
    body = client.get(reverse("logistics:shipment_timeline", args=[held.pk])).content.decode()
    assert "Felixstowe (GBFXT)" in body
    assert "commercial invoice requested" in body
