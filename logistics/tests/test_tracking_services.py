"""Recording tracking events: dedup, folding into the shipment, waiting events, receipt signal."""

from datetime import UTC, datetime, timedelta

import pytest

from logistics.adapters.base import RawEvent, ReferenceType
from logistics.models import Shipment, ShipmentNotice, ShipmentReference, TrackingEvent, TrackingStatus
from logistics.services.tracking import ACCEPTED, DUPLICATE, record_tracking_events
from logistics.signals import shipment_delivered
from logistics.tests.factories import ShipmentFactory, ShipmentReferenceFactory

pytestmark = pytest.mark.django_db
S = TrackingStatus
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
BL = "MAEU250301884"


def at(hours):
    return T0 + timedelta(hours=hours)


def raw(
    hours, status, *, ref=BL, kind=ReferenceType.TRANSPORT_DOCUMENT, eta=None, location="", event_id=None
):
    return RawEvent(
        carrier_code="MAEU",
        raw_code="",
        status=status,
        event_time=at(hours),
        references=((kind, ref),),
        external_id=event_id if event_id is not None else f"{ref}-{hours}-{status}",
        location=location,
        eta=eta,
    )


def shipment_with_bl(seller, bl=BL, **fields):
    shipment = ShipmentFactory(seller=seller, transport_document_number=bl, **fields)
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind=ShipmentReference.Kind.TRANSPORT_DOCUMENT, value=bl
    )
    return shipment


def record(seller, events, source="api"):
    return record_tracking_events(seller=seller, events=events, source=source)


def reload(shipment):
    return Shipment.objects.for_seller(shipment.seller).get(pk=shipment.pk)


VOYAGE = [
    raw(0, S.INFO_RECEIVED, location="Shenzhen"),
    raw(24, S.PICKED_UP, location="Shenzhen", eta=at(700)),
    raw(72, S.DEPARTED_ORIGIN, location="Yantian (CNYTN)"),
    raw(300, S.IN_TRANSIT, location="Singapore (SGSIN)", eta=at(720)),
    raw(710, S.ARRIVED_DESTINATION_PORT, location="Los Angeles (USLAX)"),
]


def test_out_of_order_batches_end_in_the_right_state_location_and_eta(seller):
    shipment = shipment_with_bl(seller)
    record(seller, [VOYAGE[4], VOYAGE[0]])
    record(seller, [VOYAGE[2]])
    record(seller, [VOYAGE[3], VOYAGE[1]])
    shipment = reload(shipment)
    assert shipment.status == S.ARRIVED_DESTINATION_PORT
    assert shipment.last_location == "Los Angeles (USLAX)"
    assert shipment.eta == at(720)
    assert shipment.last_event_at == at(710)
    assert shipment.last_event_time_seen is not None


def test_duplicates_change_nothing(seller):
    shipment = shipment_with_bl(seller)
    first = record(seller, VOYAGE[:3])
    before = reload(shipment)
    again = record(seller, [*VOYAGE[:3], VOYAGE[0]], source="webhook")
    after = reload(shipment)
    assert [o.result for o in first.outcomes] == [ACCEPTED] * 3
    assert [o.result for o in again.outcomes] == [DUPLICATE] * 4
    assert [o.id for o in again.outcomes[:3]] == [o.id for o in first.outcomes]
    assert TrackingEvent.objects.for_seller(seller).count() == 3
    assert (after.status, after.eta, after.last_location) == (before.status, before.eta, before.last_location)


def test_an_event_without_carrier_id_is_a_duplicate_when_it_says_the_same_thing(seller):
    shipment_with_bl(seller)
    same = [
        raw(5, S.PICKED_UP, location="Shenzhen", event_id=""),
        raw(5, S.PICKED_UP, location="Shenzhen", event_id=""),
    ]
    outcome = record(seller, same)
    assert [o.result for o in outcome.outcomes] == [ACCEPTED, DUPLICATE]


def test_events_for_an_unknown_reference_wait_and_attach_when_the_shipment_appears(
    seller, django_capture_on_commit_callbacks
):
    outcome = record(seller, [VOYAGE[2], VOYAGE[1]])
    assert all(o.result == ACCEPTED and o.shipment_id is None for o in outcome.outcomes)
    waiting = TrackingEvent.objects.for_seller(seller).filter(shipment__isnull=True)
    assert waiting.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        shipment = shipment_with_bl(seller)
    assert TrackingEvent.objects.for_seller(seller).filter(shipment=shipment).count() == 2
    shipment = reload(shipment)
    assert shipment.status == S.DEPARTED_ORIGIN
    assert shipment.eta == at(700)


def test_a_waiting_event_attaches_by_any_reference_it_names(seller, django_capture_on_commit_callbacks):
    event = RawEvent(
        carrier_code="MAEU",
        raw_code="",
        status=S.PICKED_UP,
        event_time=at(3),
        references=((ReferenceType.TRANSPORT_DOCUMENT, BL), (ReferenceType.CONTAINER, "MSKU7750124")),
        external_id="gate-in-1",
    )
    record(seller, [event])
    with django_capture_on_commit_callbacks(execute=True):
        shipment = ShipmentFactory(seller=seller, container_numbers=["MSKU7750124"])
    assert reload(shipment).status == S.PICKED_UP


def test_another_sellers_events_never_attach_to_a_shipment_with_the_same_reference(
    seller, other_seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = shipment_with_bl(seller)
    outcome = record(other_seller, [raw(1, S.DELIVERED)])
    assert outcome.outcomes[0].shipment_id is None
    assert reload(mine).status == S.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        theirs = shipment_with_bl(other_seller)
    assert reload(theirs).status == S.DELIVERED
    assert reload(mine).status == S.PENDING
    assert TrackingEvent.objects.for_seller(seller).count() == 0


@pytest.fixture
def deliveries():
    received = []

    def handler(sender, shipment, **kwargs):
        received.append(shipment.pk)

    shipment_delivered.connect(handler, dispatch_uid="test-deliveries")
    yield received
    shipment_delivered.disconnect(dispatch_uid="test-deliveries")


def test_a_delivery_received_twice_and_out_of_order_sends_the_signal_once(
    seller, deliveries, django_capture_on_commit_callbacks
):
    shipment = shipment_with_bl(seller, purpose=Shipment.Purpose.TRANSFER, source_reference="transfer:42")
    with django_capture_on_commit_callbacks(execute=True):
        record(seller, [raw(900, S.DELIVERED, location="Ontario CA", event_id="pod-1")])
    with django_capture_on_commit_callbacks(execute=True):
        # The carrier sends delivery again under another id, an earlier scan, and a replay.
        record(seller, [raw(905, S.DELIVERED, event_id="pod-2"), raw(700, S.IN_TRANSIT)])
        record(seller, [raw(900, S.DELIVERED, location="Ontario CA", event_id="pod-1")])
    assert deliveries == [shipment.pk]
    shipment = reload(shipment)
    assert shipment.status == S.DELIVERED
    assert shipment.delivered_at == at(900)


def test_an_earlier_delivery_arriving_late_keeps_the_first_delivery_time_and_sends_nothing_more(
    seller, deliveries, django_capture_on_commit_callbacks
):
    shipment = shipment_with_bl(seller, purpose=Shipment.Purpose.INBOUND)
    with django_capture_on_commit_callbacks(execute=True):
        record(seller, [raw(900, S.DELIVERED, event_id="pod-late")])
        record(seller, [raw(880, S.DELIVERED, event_id="pod-early")])
    assert deliveries == [shipment.pk]
    assert reload(shipment).delivered_at == at(900)


def test_a_manual_shipment_delivered_sends_no_receipt(seller, deliveries, django_capture_on_commit_callbacks):
    shipment = shipment_with_bl(seller, purpose=Shipment.Purpose.MANUAL)
    with django_capture_on_commit_callbacks(execute=True):
        record(seller, [raw(900, S.DELIVERED)])
    assert deliveries == []
    assert reload(shipment).delivered_at == at(900)


def test_exceptions_and_customs_holds_raise_one_notice_each(seller):
    shipment = shipment_with_bl(seller)
    hold = RawEvent(
        carrier_code="MAEU",
        raw_code="CUS-HOLD",
        status=S.CUSTOMS_HOLD,
        event_time=at(720),
        references=((ReferenceType.TRANSPORT_DOCUMENT, BL),),
        external_id="hold-1",
        location="Los Angeles (USLAX)",
        description="Documents requested by CBP",
    )
    record(seller, [hold, raw(10, S.IN_TRANSIT)])
    record(seller, [hold])
    notices = list(ShipmentNotice.objects.for_seller(seller).filter(shipment=shipment))
    assert [(n.kind, n.message) for n in notices] == [
        ("customs_hold", "Customs hold: Documents requested by CBP (Los Angeles (USLAX))")
    ]


def test_a_batch_folds_each_shipment_once_with_bounded_queries(seller, django_assert_max_num_queries):
    shipments = [shipment_with_bl(seller, bl=f"BL{i:04d}") for i in range(20)]
    events = [raw(h, S.IN_TRANSIT, ref=f"BL{i:04d}") for i in range(20) for h in range(10)]
    # mapping is skipped (statuses given); match, insert, lock, load, bulk update, savepoints
    with django_assert_max_num_queries(10):
        outcome = record(seller, events)
    assert outcome.folded_shipment_ids == sorted(s.pk for s in shipments)
    assert {reload(s).status for s in shipments} == {S.IN_TRANSIT}
