"""DCSA Track & Trace 2.x events read into our events and statuses."""

from datetime import UTC, datetime

import pytest

from logistics.adapters.base import ReferenceType
from logistics.engine.dcsa import DcsaFormatError, parse_dcsa_event
from logistics.engine.folding import FoldEvent, fold_events
from logistics.models import StatusMapping, TrackingStatus
from logistics.tests.fake_carrier import payload


def all_samples():
    return [
        *payload("dcsa_tnt_v2_events_page1.json"),
        *payload("dcsa_tnt_v2_events_page2.json"),
        *payload("dcsa_tnt_v2_gate_out_delivered.json"),
    ]


def dcsa_statuses():
    """The DCSA codes' statuses as seeded in the status mapping table."""
    return dict(StatusMapping.objects.filter(vocabulary="DCSA").values_list("raw_code", "status"))


@pytest.mark.django_db
def test_a_vessel_departure_maps_to_departed_origin_at_its_port():
    depa = payload("dcsa_tnt_v2_events_page1.json")[2]
    raw = parse_dcsa_event(depa, carrier_code="MAEU")
    assert raw.raw_code == "TRANSPORT.DEPA"
    assert dcsa_statuses()[raw.raw_code] == TrackingStatus.DEPARTED_ORIGIN
    assert raw.location == "CNYTN"
    assert raw.event_time == datetime(2025, 3, 10, 14, 5, tzinfo=UTC)
    assert raw.external_id == "a4b7bd43-8c55-4a8c-9d5e-55e0e8a2b931"
    assert raw.references == (
        (ReferenceType.TRANSPORT_DOCUMENT, "MAEU250301884"),
        (ReferenceType.BOOKING, "SZX250301884"),
    )


@pytest.mark.django_db
def test_an_estimated_arrival_is_an_eta_not_a_status():
    est = payload("dcsa_tnt_v2_events_page2.json")[0]
    raw = parse_dcsa_event(est)
    assert raw.raw_code == "TRANSPORT.ARRI.EST"
    assert raw.raw_code not in dcsa_statuses()
    assert raw.eta == datetime(2025, 4, 14, 4, 0, tzinfo=UTC)
    assert raw.event_time == datetime(2025, 3, 11, 0, 0, tzinfo=UTC)
    assert raw.location == "Hamburg (DEHAM)"
    assert raw.description == "Heavy weather in the Bay of Bengal"


def test_an_empty_container_moves_under_its_own_code():
    event = {**payload("dcsa_tnt_v2_gate_out_delivered.json")[0], "emptyIndicatorCode": "EMPTY"}
    assert parse_dcsa_event(event).raw_code == "EQUIPMENT.GTOT.EMPTY"


@pytest.mark.django_db
def test_the_recorded_voyage_folds_to_delivered_with_the_estimated_eta():
    raws = [parse_dcsa_event(e) for e in all_samples()]
    statuses = dcsa_statuses()
    events = [
        FoldEvent(
            event_time=r.event_time,
            status=statuses.get(r.raw_code, ""),
            key=r.external_id,
            location=r.location,
            eta=r.eta,
        )
        for r in reversed(raws)
    ]
    state = fold_events(events)
    assert state.status == TrackingStatus.DELIVERED
    assert state.eta == datetime(2025, 4, 14, 4, 0, tzinfo=UTC)
    assert state.last_location == "Krefeld fulfilment centre (DEKRX)"
    assert state.delivered_at == datetime(2025, 4, 19, 11, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"eventType": "OPERATIONS"}, "eventType"),
        ({"eventClassifierCode": "MAYBE"}, "eventClassifierCode"),
        ({"transportEventTypeCode": None}, "transportEventTypeCode"),
        ({"eventDateTime": "10 March"}, "eventDateTime"),
        ({"eventDateTime": "2025-03-10T22:05:00"}, "eventDateTime"),
        ({"documentReferences": []}, "documentReferences"),
    ],
)
def test_an_event_that_breaks_the_standard_names_the_field(change, field):
    event = {**payload("dcsa_tnt_v2_events_page1.json")[2], **change}
    with pytest.raises(DcsaFormatError) as caught:
        parse_dcsa_event(event)
    assert caught.value.field == field
