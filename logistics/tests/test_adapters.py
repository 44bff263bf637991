"""The DCSA Track & Trace adapter against a local fake carrier server."""

import pytest

from logistics.adapters.base import PermanentCarrierError, ReferenceType, TransientCarrierError
from logistics.adapters.dcsa import DcsaTrackAndTraceAdapter
from logistics.tests.fake_carrier import FakeCarrier, json_response, payload

BL = "MAEU250301884"


@pytest.fixture
def carrier():
    with FakeCarrier() as server:
        yield server


def adapter(server, **kwargs):
    return DcsaTrackAndTraceAdapter(
        carrier_code="MAEU", base_url=server.url, api_key="k-123", **{"timeout": 2.0, **kwargs}
    )


def test_fetch_reads_every_page_of_events(carrier):
    carrier.on(
        "transportDocumentReference",
        BL,
        json_response(payload("dcsa_tnt_v2_events_page1.json"), headers={"Next-Page": "c2"}),
    )
    carrier.on("cursor", "c2", json_response(payload("dcsa_tnt_v2_events_page2.json")))
    events = adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)
    assert [e.raw_code for e in events] == [
        "SHIPMENT.CONF",
        "EQUIPMENT.GTIN",
        "TRANSPORT.DEPA",
        "TRANSPORT.ARRI.EST",
        "TRANSPORT.ARRI",
        "EQUIPMENT.DISC",
    ]
    assert all(e.carrier_code == "MAEU" and e.code_list == "DCSA" for e in events)
    first = carrier.requests[0]
    assert first["path"] == "/dcsa/tnt/v2/events"
    assert first["query"]["transportDocumentReference"] == BL
    assert first["headers"]["Authorization"] == "Bearer k-123"
    assert carrier.requests[1]["query"]["cursor"] == "c2"


def test_booking_and_container_references_use_their_dcsa_parameters(carrier):
    carrier.on("carrierBookingReference", "SZX250301884", json_response([]))
    carrier.on(
        "equipmentReference", "MSKU7750124", json_response(payload("dcsa_tnt_v2_gate_out_delivered.json"))
    )
    assert adapter(carrier).fetch(reference_type=ReferenceType.BOOKING, reference="SZX250301884") == []
    events = adapter(carrier).fetch(reference_type=ReferenceType.CONTAINER, reference="MSKU7750124")
    assert [e.raw_code for e in events] == ["EQUIPMENT.GTOT", "EQUIPMENT.STRP"]


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_and_throttling_are_transient(carrier, status):
    carrier.on("transportDocumentReference", BL, json_response({"message": "busy"}, status=status))
    with pytest.raises(TransientCarrierError) as caught:
        adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)
    assert caught.value.status_code == status
    assert caught.value.retryable


@pytest.mark.parametrize("status", [400, 401, 403])
def test_client_errors_are_permanent(carrier, status):
    carrier.on("transportDocumentReference", BL, json_response({"message": "no"}, status=status))
    with pytest.raises(PermanentCarrierError) as caught:
        adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)
    assert caught.value.status_code == status
    assert not caught.value.retryable


def test_unknown_reference_answered_404_is_no_events(carrier):
    carrier.on("transportDocumentReference", BL, json_response({"message": "not found"}, status=404))
    assert adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL) == []


def test_malformed_json_is_a_permanent_error(carrier):
    carrier.on("transportDocumentReference", BL, (200, b'[{"eventID": "x", ', {}))
    with pytest.raises(PermanentCarrierError, match="not JSON"):
        adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)


def test_an_answer_of_only_events_that_break_the_standard_is_a_permanent_error_naming_the_field(carrier):
    carrier.on(
        "transportDocumentReference",
        BL,
        json_response(
            [{"eventType": "TRANSPORT", "eventClassifierCode": "ACT", "transportEventTypeCode": "ARRI"}]
        ),
    )
    with pytest.raises(PermanentCarrierError, match="eventDateTime"):
        adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)


def test_one_bad_event_does_not_cost_the_good_ones_of_the_same_answer(carrier):
    bad = {"eventType": "TRANSPORT", "eventClassifierCode": "ACT", "transportEventTypeCode": "ARRI"}
    good = payload("dcsa_tnt_v2_events_page2.json")
    carrier.on("transportDocumentReference", BL, json_response([*good, bad]))

    events = adapter(carrier).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)

    assert len(events) == len(good)
    assert [position for position, _reason in events.rejected] == [len(good)]
    assert "eventDateTime" in events.rejected[0][1]


def test_a_carrier_that_does_not_answer_in_time_is_transient(carrier):
    carrier.on("transportDocumentReference", BL, ("sleep", 1.5))
    with pytest.raises(TransientCarrierError, match="did not answer"):
        adapter(carrier, timeout=0.3).fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)


def test_an_unreachable_carrier_is_transient():
    unreachable = DcsaTrackAndTraceAdapter(carrier_code="MAEU", base_url="http://127.0.0.1:9", timeout=1)
    with pytest.raises(TransientCarrierError, match="unreachable"):
        unreachable.fetch(reference_type=ReferenceType.TRANSPORT_DOCUMENT, reference=BL)


def test_a_tracking_number_cannot_be_asked_of_dcsa(carrier):
    with pytest.raises(PermanentCarrierError):
        adapter(carrier).fetch(reference_type=ReferenceType.TRACKING_NUMBER, reference="1Z999")
