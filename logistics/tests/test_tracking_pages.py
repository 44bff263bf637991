"""The tracking timeline and the notices page."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from logistics.models import ShipmentNotice, TrackingStatus
from logistics.tests.factories import ShipmentFactory, ShipmentNoticeFactory, TrackingEventFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_shows_events_in_time_order_with_status_location_and_eta(owner_client, seller):
    shipment = ShipmentFactory(
        seller=seller,
        status=TrackingStatus.IN_TRANSIT,
        last_location="Singapore (SGSIN)",
        eta=datetime(2025, 4, 14, 4, 0, tzinfo=UTC),
    )
    TrackingEventFactory(
        seller=seller, shipment=shipment, raw_code="TS-LATER", event_time=datetime(2025, 3, 20, tzinfo=UTC)
    )
    TrackingEventFactory(
        seller=seller, shipment=shipment, raw_code="GATE-EARLY", event_time=datetime(2025, 3, 2, tzinfo=UTC)
    )
    ShipmentNoticeFactory(seller=seller, shipment=shipment, message="Customs hold: exam ordered")
    response = owner_client.get(reverse("logistics:shipment_timeline", args=[shipment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("GATE-EARLY") < html.index("TS-LATER")
    assert "Singapore (SGSIN)" in html
    assert "2025-04-14" in html
    assert "Customs hold: exam ordered" in html


def test_the_timeline_of_another_sellers_shipment_is_404(owner_client, other_seller):
    theirs = ShipmentFactory(seller=other_seller)
    TrackingEventFactory(seller=other_seller, shipment=theirs, raw_code="SECRET-CODE")
    response = owner_client.get(reverse("logistics:shipment_timeline", args=[theirs.pk]))
    assert response.status_code == 404
    assert "SECRET-CODE" not in response.content.decode()


def test_the_shipment_page_links_its_timeline(owner_client, seller):
    shipment = ShipmentFactory(seller=seller)
    response = owner_client.get(reverse("logistics:shipment_detail", args=[shipment.pk]))
    assert reverse("logistics:shipment_timeline", args=[shipment.pk]) in response.content.decode()


def test_notices_lists_open_ones_and_only_the_sellers(
    owner_client, seller, other_seller, django_assert_max_num_queries
):
    for i in range(5):
        ShipmentNoticeFactory(seller=seller, message=f"Late: open notice {i}")
    ShipmentNoticeFactory(
        seller=seller, message="Late: resolved one", resolved_at=datetime(2025, 5, 1, tzinfo=UTC)
    )
    ShipmentNoticeFactory(seller=other_seller, message="Late: another seller's")
    with django_assert_max_num_queries(8):
        html = owner_client.get(reverse("logistics:notices")).content.decode()
    assert html.count("Late: open notice") == 5
    assert "resolved one" not in html
    assert "another seller" not in html
    html = owner_client.get(reverse("logistics:notices") + "?resolved=1").content.decode()
    assert "resolved one" in html
    assert ShipmentNotice.objects.for_seller(seller).count() == 6
