"""An ocean shipment through a transhipment port: Yantian → Singapore → Los Angeles.

DCSA arrivals (TRANSPORT ARRI) and discharges (EQUIPMENT DISC) map to "arrived at
destination port"; at a port that is not the lane's destination port they mean the
container is still on its way.
"""

import random

import pytest
from rest_framework.test import APIClient

from logistics.engine.dcsa import parse_dcsa_event
from logistics.models import Lane, Shipment, ShipmentReference, TrackingEvent, TrackingStatus
from logistics.services.tracking import record_tracking_events
from logistics.tests.factories import LaneFactory, ShipmentFactory, ShipmentReferenceFactory
from logistics.tests.fake_carrier import payload
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db
S = TrackingStatus
BL = "MAEU250502217"
URL = "/api/v1/tracking/dcsa/?carrier=MAEU"
SINGAPORE = "PSA Pasir Panjang Terminal (SGSIN)"
LOS_ANGELES = "APM Terminals Pier 400 (USLAX)"


def voyage():
    # DEPA CNYTN, ARRI SGSIN, DISC SGSIN, DEPA SGSIN, ARRI USLAX, DISC USLAX
    return payload("dcsa_tnt_v2_transhipment.json")


@pytest.fixture
def api(seller):
    _, raw = create_api_key(seller=seller, name="carrier feed", scopes=["tracking:write", "logistics:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def shipment_on(seller, lane, bl=BL):
    shipment = ShipmentFactory(seller=seller, transport_document_number=bl, lane=lane)
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind=ShipmentReference.Kind.TRANSPORT_DOCUMENT, value=bl
    )
    return shipment


@pytest.fixture
def to_los_angeles():
    lane = Lane.objects.get(code="agl-cn-us-ocean")
    assert lane.destination_port == "USLAX"
    return lane


def post(api, events):
    response = api.post(URL, events, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def state(shipment):
    shipment = Shipment.objects.for_seller(shipment.seller).get(pk=shipment.pk)
    return shipment.status, shipment.last_location


def test_the_events_keep_the_transport_calls_un_locode():
    assert [parse_dcsa_event(e).location_code for e in voyage()] == [
        "CNYTN",
        "SGSIN",
        "SGSIN",
        "SGSIN",
        "USLAX",
        "USLAX",
    ]


def test_the_shipment_arrives_only_at_its_destination_port(api, seller, to_los_angeles):
    shipment = shipment_on(seller, to_los_angeles)
    events = voyage()
    post(api, events[:1])
    assert state(shipment) == (S.DEPARTED_ORIGIN, "Yantian International Container Terminals (CNYTN)")
    post(api, events[1:2])
    assert state(shipment) == (S.IN_TRANSIT, SINGAPORE)
    post(api, events[2:3])
    assert state(shipment) == (S.IN_TRANSIT, SINGAPORE)
    post(api, events[3:4])
    assert state(shipment) == (S.IN_TRANSIT, SINGAPORE)
    post(api, events[4:5])
    assert state(shipment) == (S.ARRIVED_DESTINATION_PORT, LOS_ANGELES)
    post(api, events[5:])
    assert state(shipment) == (S.ARRIVED_DESTINATION_PORT, LOS_ANGELES)
    # The events keep what the carrier's code means; the shipment reads it against its lane.
    stored = TrackingEvent.objects.for_seller(seller).filter(raw_code="TRANSPORT.ARRI")
    assert sorted(stored.values_list("location_code", "status")) == [
        ("SGSIN", S.ARRIVED_DESTINATION_PORT),
        ("USLAX", S.ARRIVED_DESTINATION_PORT),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_events_out_of_order_give_the_same_state(api, seller, to_los_angeles, seed):
    in_order = shipment_on(seller, to_los_angeles)
    post(api, voyage())
    shuffled = shipment_on(seller, to_los_angeles, bl="MAEU250502218")
    events = [_with_bl(e, "MAEU250502218", n) for n, e in enumerate(voyage())]
    random.Random(seed).shuffle(events)
    for event in events:
        post(api, [event])
    assert state(shuffled) == state(in_order) == (S.ARRIVED_DESTINATION_PORT, LOS_ANGELES)


def test_the_transhipment_leg_out_of_order_is_in_transit_at_singapore(api, seller, to_los_angeles):
    shipment = shipment_on(seller, to_los_angeles)
    events = voyage()
    post(api, [events[3], events[1], events[0], events[2]])
    assert state(shipment) == (S.IN_TRANSIT, SINGAPORE)


def test_waiting_events_read_the_lane_when_they_are_attached(
    api, seller, to_los_angeles, django_capture_on_commit_callbacks
):
    events = voyage()
    answer = post(api, events[:4])
    assert answer["accepted"] == 4
    assert all(r["shipment_id"] is None for r in answer["results"])
    with django_capture_on_commit_callbacks(execute=True):
        shipment = shipment_on(seller, to_los_angeles)
    assert TrackingEvent.objects.for_seller(seller).filter(shipment=shipment).count() == 4
    assert state(shipment) == (S.IN_TRANSIT, SINGAPORE)
    post(api, events[4:])
    assert state(shipment) == (S.ARRIVED_DESTINATION_PORT, LOS_ANGELES)


def test_a_lane_without_a_destination_port_keeps_the_carriers_meaning(api, seller):
    lane = LaneFactory(mode="ocean", destination_country="US", destination_port="")
    shipment = shipment_on(seller, lane)
    post(api, voyage()[:2])
    assert state(shipment) == (S.ARRIVED_DESTINATION_PORT, SINGAPORE)


def test_a_shipment_without_a_lane_keeps_the_carriers_meaning(api, seller):
    shipment = shipment_on(seller, None)
    post(api, voyage()[:3])
    assert state(shipment) == (S.ARRIVED_DESTINATION_PORT, SINGAPORE)


def test_an_arrival_without_a_un_locode_keeps_the_carriers_meaning(api, seller, to_los_angeles):
    shipment = shipment_on(seller, to_los_angeles)
    arrival = voyage()[1]
    arrival["transportCall"] = {"modeOfTransport": "VESSEL", "location": {"locationName": "Singapore"}}
    post(api, [arrival])
    assert state(shipment) == (S.ARRIVED_DESTINATION_PORT, "Singapore")


def test_a_batch_over_many_lanes_keeps_its_query_count(seller, to_los_angeles, django_assert_max_num_queries):
    shipments = [shipment_on(seller, to_los_angeles, bl=f"MAEU2505{i:05d}") for i in range(20)]
    events = [
        parse_dcsa_event(_with_bl(e, f"MAEU2505{i:05d}", i * 10 + n), carrier_code="MAEU")
        for i in range(20)
        for n, e in enumerate(voyage()[:3])
    ]
    # mapping, match, insert, lock (with the lanes' ports), load, bulk update, savepoints
    with django_assert_max_num_queries(11):
        record_tracking_events(seller=seller, events=events, source="dcsa")
    assert {state(s) for s in shipments} == {(S.IN_TRANSIT, SINGAPORE)}


def _with_bl(event, bl, n):
    return {
        **event,
        "eventID": f"{bl}-{n}",
        "documentReferences": [{"documentReferenceType": "TRD", "documentReferenceValue": bl}],
    }


def test_the_timeline_labels_the_transhipment_arrival_in_transit(api, seller, to_los_angeles, client):
    from django.urls import reverse

    from portal.tests.factories import MembershipFactory

    shipment = shipment_on(seller, to_los_angeles)
    post(api, voyage())
    client.force_login(MembershipFactory(seller=seller, role="viewer").user)
    page = client.get(reverse("logistics:shipment_timeline", args=[shipment.pk])).content.decode()
    rows = [row for row in page.split("<tr") if "SGSIN" in row or "USLAX" in row]
    singapore = [row for row in rows if "SGSIN" in row]
    los_angeles = [row for row in rows if "USLAX" in row]
    assert singapore
    assert all("Arrived at destination port" not in row for row in singapore)
    assert any("Arrived at destination port" in row for row in los_angeles)
