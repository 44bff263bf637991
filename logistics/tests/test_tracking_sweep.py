"""The tracking sweep, and polling carriers' APIs for open shipments."""

from datetime import UTC, datetime, timedelta

import pytest

from logistics import tasks
from logistics.adapters.base import TransientCarrierError
from logistics.models import BookingStatus, CarrierConnection, Lane, ShipmentNotice, TrackingStatus
from logistics.services.polling import open_shipments_to_poll, poll_shipment
from logistics.services.sweep import sweep_seller
from logistics.tests.factories import ShipmentFactory, ShipmentReferenceFactory
from logistics.tests.fake_carrier import FakeCarrier, json_response, payload
from portal.services.platform_scope import platform_scope

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def notices(seller):
    return list(ShipmentNotice.objects.for_seller(seller).order_by("kind").values_list("kind", "resolved_at"))


def test_a_shipment_past_its_eta_is_flagged_late_once(seller):
    ShipmentFactory(seller=seller, status=TrackingStatus.IN_TRANSIT, eta=NOW - timedelta(days=3))
    ShipmentFactory(seller=seller, status=TrackingStatus.DELIVERED, eta=NOW - timedelta(days=3))
    ShipmentFactory(seller=seller, status=TrackingStatus.IN_TRANSIT, eta=NOW + timedelta(days=3))
    assert sweep_seller(seller=seller, now=NOW).late == 1
    assert sweep_seller(seller=seller, now=NOW).late == 0
    assert notices(seller) == [("late", None)]


def test_a_booked_shipment_silent_longer_than_its_lane_expects_is_flagged(seller):
    lane = Lane.objects.get(code="agl-cn-us-ocean")
    quiet = NOW - timedelta(days=lane.max_silent_days + 1)
    recent = NOW - timedelta(days=lane.max_silent_days - 1)
    ShipmentFactory(seller=seller, booking_status=BookingStatus.BOOKED, last_event_time_seen=quiet)
    ShipmentFactory(seller=seller, booking_status=BookingStatus.BOOKED, last_event_time_seen=recent)
    ShipmentFactory(seller=seller, booking_status=BookingStatus.DRAFT, created_at=quiet)
    result = sweep_seller(seller=seller, now=NOW)
    assert (result.silent, result.late) == (1, 0)


def test_flags_resolve_when_the_shipment_is_delivered(seller):
    shipment = ShipmentFactory(seller=seller, status=TrackingStatus.IN_TRANSIT, eta=NOW - timedelta(days=1))
    sweep_seller(seller=seller, now=NOW)
    shipment.status = TrackingStatus.DELIVERED
    shipment.save()
    assert sweep_seller(seller=seller, now=NOW).resolved == 1
    assert notices(seller) == [("late", NOW)]


def test_the_sweep_never_flags_another_sellers_shipments(seller, other_seller):
    ShipmentFactory(seller=other_seller, status=TrackingStatus.IN_TRANSIT, eta=NOW - timedelta(days=3))
    assert sweep_seller(seller=seller, now=NOW).late == 0
    assert notices(seller) == []


@pytest.fixture
def carrier():
    with FakeCarrier() as server:
        yield server


@pytest.fixture
def connection(carrier):
    lane = Lane.objects.get(code="agl-cn-us-ocean")
    return CarrierConnection.objects.create(
        carrier_code="MAEU", program=lane.program, base_url=carrier.url, timeout_seconds=2
    )


def test_polling_records_the_carriers_events_for_a_booked_shipment(seller, carrier, connection):
    # The recorded voyage arrives at Hamburg: the shipment rides the lane to Hamburg.
    shipment = ShipmentFactory(
        seller=seller,
        booking_status=BookingStatus.BOOKED,
        transport_document_number="MAEU250301884",
        lane=Lane.objects.get(code="agl-cn-de-ocean"),
    )
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind="transport_document", value="MAEU250301884"
    )
    carrier.on(
        "transportDocumentReference", "MAEU250301884", json_response(payload("dcsa_tnt_v2_events_page2.json"))
    )
    with platform_scope(reason="test: the poll list"):
        assert open_shipments_to_poll() == [(shipment.pk, connection.pk)]
    assert poll_shipment(shipment_id=shipment.pk, connection_id=connection.pk) == {
        "fetched": 3,
        "accepted": 3,
    }
    assert poll_shipment(shipment_id=shipment.pk, connection_id=connection.pk) == {
        "fetched": 3,
        "accepted": 0,
    }
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.ARRIVED_DESTINATION_PORT


def test_a_carrier_error_is_retried_by_the_task_when_transient(seller, carrier, connection):
    shipment = ShipmentFactory(
        seller=seller, booking_status=BookingStatus.BOOKED, transport_document_number="MAEU250301884"
    )
    carrier.on("transportDocumentReference", "MAEU250301884", json_response({}, status=503))
    assert tasks.poll_shipment_tracking.autoretry_for == (TransientCarrierError,)
    with pytest.raises(TransientCarrierError):
        poll_shipment(shipment_id=shipment.pk, connection_id=connection.pk)
    carrier.on("transportDocumentReference", "MAEU250301884", json_response({}, status=401))
    result = tasks.poll_shipment_tracking.run(shipment.pk, connection.pk)
    assert "401" in result["error"]


def test_a_poll_keeps_the_good_events_when_the_carrier_sends_a_bad_one(seller, carrier, connection):
    shipment = ShipmentFactory(
        seller=seller,
        booking_status=BookingStatus.BOOKED,
        transport_document_number="MAEU250301884",
        lane=Lane.objects.get(code="agl-cn-de-ocean"),
    )
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind="transport_document", value="MAEU250301884"
    )
    bad = {"eventType": "TRANSPORT", "eventClassifierCode": "ACT", "transportEventTypeCode": "ARRI"}
    carrier.on(
        "transportDocumentReference",
        "MAEU250301884",
        json_response([bad, *payload("dcsa_tnt_v2_events_page2.json")]),
    )

    summary = poll_shipment(shipment_id=shipment.pk, connection_id=connection.pk)

    assert summary["fetched"] == 3
    assert summary["accepted"] == 3
    assert [item["item"] for item in summary["rejected"]] == [0]
    assert "eventDateTime" in summary["rejected"][0]["error"]
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.ARRIVED_DESTINATION_PORT
