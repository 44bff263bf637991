"""What real partners send: DCSA 2.2 and 3.0 carriers, parcel trackers' vocabularies, and
input that used to answer 500 or lose a batch (impossible dates, long text, NUL bytes)."""

import copy
import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logistics.api.tracking import signature_of
from logistics.models import ShipmentReference, StatusMapping, TrackingEvent, TrackingStatus
from logistics.services.tracking import apply_status_mapping
from logistics.tests.factories import CarrierWebhookFactory, ShipmentFactory, ShipmentReferenceFactory
from logistics.tests.fake_carrier import payload
from logistics.tests.test_tracking_api import client_for, event

pytestmark = pytest.mark.django_db
BL = "MAEU250301884"
CONTAINER = "MSKU7750124"
URL = "/api/v1/tracking-events/"
DCSA_URL = "/api/v1/tracking/dcsa/?carrier=MAEU"


@pytest.fixture
def api(seller):
    return client_for(seller)


@pytest.fixture
def shipment(seller):
    shipment = ShipmentFactory(seller=seller, transport_document_number=BL, container_numbers=[CONTAINER])
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind=ShipmentReference.Kind.TRANSPORT_DOCUMENT, value=BL
    )
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind=ShipmentReference.Kind.CONTAINER, value=CONTAINER
    )
    return shipment


def post_json(client, url, body, **headers):
    # json.dumps escapes what a partner may send and a test renderer would refuse (\ud800).
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def stored(seller):
    return TrackingEvent.objects.for_seller(seller)


# --- the generic API: the boundary --------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"event_time": "2019-02-30T00:00:00Z"}, "event_time", "is not a date and time that exists"),
        ({"event_time": "2019-13-45T00:00:00Z"}, "event_time", "is not a date and time that exists"),
        ({"event_time": "2025-03-10T22:05:00+16:00"}, "event_time", "between -14:00 and +14:00"),
        ({"eta": "2025-02-29T00:00:00+00:00"}, "eta", "is not a date and time that exists"),
        ({"reference": "R" * 61}, "reference", "At most 60 characters; this one has 61."),
        ({"event_id": "e" * 101}, "event_id", "At most 100 characters"),
        ({"location": "Yantian\x00"}, "location", "NUL"),
        ({"description": "\ud800"}, "description", "unpaired surrogate"),
        ({"carrier": 7}, "carrier", "Must be a string."),
    ],
)
def test_a_bad_event_is_rejected_by_field_and_the_rest_of_the_batch_is_kept(
    api, seller, shipment, change, field, message
):
    batch = [event(event_id="good-1"), event(**{"event_id": "bad", **change}), event(event_id="good-2")]
    response = post_json(api, URL, {"events": batch})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["result"] for r in body["results"]] == ["accepted", "rejected", "accepted"]
    assert message in " ".join(body["results"][1]["errors"][field])
    assert sorted(stored(seller).values_list("external_id", flat=True)) == ["good-1", "good-2"]


def test_every_error_of_an_event_is_reported_together(api, seller):
    bad = event(
        reference_type="parcel",
        reference="",
        status="teleported",
        event_time="2019-02-30T00:00:00Z",
        location="x" * 201,
    )
    body = api.post(URL, {"events": [bad]}, format="json").json()
    assert sorted(body["results"][0]["errors"]) == [
        "event_time",
        "location",
        "reference",
        "reference_type",
        "status",
    ]
    assert not stored(seller).exists()


def test_a_list_filter_with_an_impossible_offset_answers_400(api):
    response = api.get(URL, {"event_time_after": "2025-03-10T00:00:00+16:00"})
    assert response.status_code == 400
    assert "event_time_after" in response.json()["fields"]
    assert api.get(URL, {"event_time_after": "2025-03-10T00:00:00+08:00"}).status_code == 200


# --- vocabularies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vocabulary", "code", "status"),
    [
        ("AFTERSHIP", "InTransit", TrackingStatus.IN_TRANSIT),
        ("AFTERSHIP", "AttemptFail_002", TrackingStatus.ATTEMPT_FAILED),
        ("AFTERSHIP", "AvailableForPickup_001", TrackingStatus.AVAILABLE_FOR_PICKUP),
        ("AFTERSHIP", "Expired", TrackingStatus.EXPIRED),
        ("AFTERSHIP", "Exception_011", TrackingStatus.RETURNED),
        ("aftership", "Pending", TrackingStatus.NOT_FOUND),
        ("17TRACK", "NotFound", TrackingStatus.NOT_FOUND),
        ("17TRACK", "DeliveryFailure_InvalidAddress", TrackingStatus.UNDELIVERED),
        ("17TRACK", "InTransit_CustomsReleased", TrackingStatus.CUSTOMS_CLEARED),
        ("17TRACK", "Undelivered", TrackingStatus.UNDELIVERED),
        ("DCSA", "DISC", TrackingStatus.ARRIVED_DESTINATION_PORT),
    ],
)
def test_a_trackers_code_maps_in_its_vocabulary_whatever_the_carrier(
    api, seller, shipment, vocabulary, code, status
):
    sent = event(carrier="USPS", status=None, code=code, vocabulary=vocabulary)
    result = api.post(URL, {"events": [sent]}, format="json").json()["results"][0]
    assert (result["result"], result["status"]) == ("accepted", status)
    assert stored(seller).get().status == status


def test_a_dcsa_code_from_a_carrier_maps_without_naming_the_vocabulary(api, seller, shipment):
    """MAEU + DISC: the carrier's own list knows nothing, the DCSA standard does."""
    result = api.post(URL, {"events": [event(status=None, code="DISC")]}, format="json").json()["results"][0]
    assert (result["result"], result["status"]) == ("accepted", TrackingStatus.ARRIVED_DESTINATION_PORT)
    assert stored(seller).get().vocabulary == "DCSA"


def test_an_unmapped_code_is_kept_and_mapped_when_an_operator_adds_it(api, seller, shipment):
    sent = event(carrier="DHLX", status=None, code="PU-77", vocabulary="DHLX")
    result = api.post(URL, {"events": [sent]}, format="json").json()["results"][0]
    assert (result["result"], result["status"]) == ("accepted", "")
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.PENDING
    mapping = StatusMapping.objects.create(
        vocabulary="DHLX", raw_code="PU-77", status=TrackingStatus.PICKED_UP
    )
    assert apply_status_mapping(mapping=mapping) == 1
    assert stored(seller).get().status == TrackingStatus.PICKED_UP
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.PICKED_UP


def test_the_admin_lists_unmapped_codes_and_a_new_mapping_applies_to_them(admin_client, seller, shipment):
    client_for(seller).post(
        URL, {"events": [event(carrier="DHLX", status=None, code="PU-77", vocabulary="DHLX")]}, format="json"
    )
    page = admin_client.get("/admin/logistics/trackingevent/", {"mapped": "no"})
    assert page.status_code == 200
    assert "PU-77" in page.content.decode()
    response = admin_client.post(
        "/admin/logistics/statusmapping/add/",
        {"vocabulary": "DHLX", "raw_code": "PU-77", "status": "picked_up", "description": "Picked up"},
    )
    assert response.status_code == 302
    assert stored(seller).get().status == TrackingStatus.PICKED_UP


# --- DCSA 2.2 and 3.0 ---------------------------------------------------------------------


def test_dcsa_22_events_with_references_only_in_their_array_are_accepted_and_mapped(api, seller, shipment):
    events = payload("dcsa_tnt_v22_references_only.json")
    body = api.post(DCSA_URL, events, format="json").json()
    assert [(r["result"], r["status"], r["shipment_id"]) for r in body["results"]] == [
        ("accepted", TrackingStatus.ARRIVED_DESTINATION_PORT, shipment.pk),
        ("accepted", TrackingStatus.INFO_RECEIVED, shipment.pk),
        ("accepted", TrackingStatus.PICKED_UP, shipment.pk),
    ]
    disc = stored(seller).get(raw_code="EQUIPMENT.DISC")
    assert (disc.reference_type, disc.reference, disc.location) == (
        "container",
        CONTAINER,
        "Container Terminal Burchardkai (DEHAM)",
    )


def test_dcsa_30_events_are_read_in_their_own_shape(api, seller, shipment):
    body = api.post(DCSA_URL, payload("dcsa_tnt_v30_events.json"), format="json", HTTP_API_VERSION="3.0.0")
    assert [(r["result"], r["status"]) for r in body.json()["results"]] == [
        ("accepted", TrackingStatus.CUSTOMS_HOLD),
        ("accepted", TrackingStatus.CUSTOMS_CLEARED),
        ("accepted", ""),
    ]
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.CUSTOMS_CLEARED
    assert shipment.eta == datetime(2025, 4, 21, 4, 0, tzinfo=UTC)


def test_dcsa_30_is_recognised_by_its_shape_without_the_header(api, seller, shipment):
    body = api.post(DCSA_URL, payload("dcsa_tnt_v30_events.json"), format="json").json()
    assert body["accepted"] == 3


def test_an_unsupported_dcsa_version_is_refused_saying_which_are(api, seller):
    response = api.post(
        DCSA_URL, payload("dcsa_tnt_v30_events.json"), format="json", HTTP_API_VERSION="4.0.0"
    )
    assert response.status_code == 400
    assert "send 2.x (2.2) or 3.0" in response.json()["fields"]["API-Version"][0]
    assert not stored(seller).exists()


def test_every_error_of_a_dcsa_event_is_reported_by_field(api, seller):
    good = payload("dcsa_tnt_v22_references_only.json")[0]
    bad = copy.deepcopy(good)
    bad["eventID"] = 12345
    bad["eventCreatedDateTime"] = "2099-01-01T00:00:00Z"
    bad["transportCall"]["UNLocationCode"] = "XYABC"
    bad["references"][0]["referenceValue"] = "M" * 61
    bad["equipmentEventTypeCode"] = "ZZZZ"
    missing = copy.deepcopy(good)
    del missing["eventID"], missing["eventCreatedDateTime"]
    body = api.post(DCSA_URL, [bad, missing, good], format="json").json()
    assert [r["result"] for r in body["results"]] == ["rejected", "rejected", "accepted"]
    assert sorted(body["results"][0]["errors"]) == [
        "equipmentEventTypeCode",
        "eventCreatedDateTime",
        "eventID",
        "references.0.referenceValue",
        "transportCall.UNLocationCode",
    ]
    assert "not a number" in body["results"][0]["errors"]["eventID"][0]
    assert "'XYABC' is not a UN/LOCODE" in body["results"][0]["errors"]["transportCall.UNLocationCode"][0]
    assert sorted(body["results"][1]["errors"]) == ["eventCreatedDateTime", "eventID"]
    assert stored(seller).count() == 1


def test_an_impossible_date_or_long_reference_in_dcsa_costs_only_that_event(api, seller):
    events = payload("dcsa_tnt_v2_events_page1.json")
    events[0]["eventDateTime"] = "2019-02-30T00:00:00Z"
    events[1]["documentReferences"][0]["documentReferenceValue"] = "B" * 61
    events[2]["eventID"] = "x" * 101
    extra = payload("dcsa_tnt_v22_references_only.json")[0]
    extra["equipmentReference"] = "C" * 61
    body = api.post(
        DCSA_URL, [*events, extra, payload("dcsa_tnt_v22_references_only.json")[2]], format="json"
    )
    assert body.status_code == 200
    assert [r["result"] for r in body.json()["results"]] == ["rejected"] * 4 + ["accepted"]


def test_a_conflicting_resend_under_a_known_event_id_is_an_error_that_says_so(api, seller, shipment):
    first = payload("dcsa_tnt_v22_references_only.json")[0]
    api.post(DCSA_URL, [first], format="json")
    same = api.post(DCSA_URL, [first], format="json").json()["results"][0]
    assert same["result"] == "duplicate"
    changed = {
        **first,
        "equipmentEventTypeCode": "LOAD",
        "references": [{"referenceType": "EQ", "referenceValue": "TGHU1234567"}],
    }
    result = api.post(DCSA_URL, [changed], format="json").json()["results"][0]
    assert result["result"] == "rejected"
    assert result["errors"]["eventID"][0].startswith(
        f"Event id '{first['eventID']}' was already received with code 'EQUIPMENT.DISC' for {CONTAINER}"
    )
    assert stored(seller).get().raw_code == "EQUIPMENT.DISC"


def test_every_published_dcsa_code_has_a_status():
    from logistics.engine.dcsa import CODES

    mapped = set(StatusMapping.objects.filter(vocabulary="DCSA").values_list("raw_code", flat=True))
    for codes in (CODES["2"], CODES["3"]):
        for event_type, names in codes.items():
            for code in names:
                assert f"{event_type}.{code}" in mapped


def test_a_signed_webhook_takes_dcsa_30_events(client, seller, shipment):
    webhook = CarrierWebhookFactory(seller=seller, carrier_code="MAEU")
    body = json.dumps(payload("dcsa_tnt_v30_events.json")).encode()
    response = client.post(
        "/webhooks/carriers/MAEU/",
        body,
        content_type="application/json",
        HTTP_X_WEBHOOK_ID=webhook.public_id,
        HTTP_X_SIGNATURE=signature_of(webhook.secret, body),
        HTTP_API_VERSION="3.0.0",
    )
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 3


# --- fuzz: never a 500, never a good event lost --------------------------------------------

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(["2019-02-30T00:00:00Z", "2025-03-10T22:05:00+16:00", "\x00", "9" * 400, "XYABC"]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
API_FIELDS = [
    "reference_type",
    "reference",
    "carrier",
    "code",
    "vocabulary",
    "status",
    "event_time",
    "eta",
    "location",
    "event_id",
    "description",
]


def _fuzzed(fields, base):
    return st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, JSON_VALUES)),
        st.builds(
            lambda changes: {**base, **changes},
            st.dictionaries(st.sampled_from(fields), JSON_VALUES, max_size=3),
        ),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(bad=st.lists(_fuzzed(API_FIELDS, event()), min_size=1, max_size=4), data=st.data())
def test_fuzzed_api_batches_never_fail_and_keep_every_good_event(seller, bad, data):
    TrackingEvent.objects.for_seller(seller).delete()
    good = [event(event_id=f"good-{i}", reference=f"REF-{i}") for i in range(3)]
    batch = data.draw(st.permutations([*good, *bad]))
    response = client_for(seller).post(URL, {"events": batch}, format="json")
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    for item in good:
        assert results[batch.index(item)]["result"] in ("accepted", "duplicate")
    assert {"good-0", "good-1", "good-2"} <= set(stored(seller).values_list("external_id", flat=True))


DCSA_FIELDS = [
    "eventID",
    "eventType",
    "eventClassifierCode",
    "eventDateTime",
    "eventCreatedDateTime",
    "equipmentEventTypeCode",
    "equipmentReference",
    "references",
    "documentReferences",
    "transportCall",
    "eventTypeCode",
    "equipmentEventDetails",
    "reason",
]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    bad=st.lists(
        _fuzzed(DCSA_FIELDS, payload("dcsa_tnt_v22_references_only.json")[0]), min_size=1, max_size=4
    )
)
def test_fuzzed_dcsa_batches_never_fail_and_keep_every_good_event(seller, bad):
    TrackingEvent.objects.for_seller(seller).delete()
    good = payload("dcsa_tnt_v22_references_only.json")[2]
    response = client_for(seller).post(DCSA_URL, [*bad, good], format="json")
    assert response.status_code == 200, response.content
    assert response.json()["results"][-1]["result"] in ("accepted", "duplicate")
    assert stored(seller).filter(external_id=good["eventID"]).exists()


@pytest.fixture
def send_webhook(seller):
    return CarrierWebhookFactory(seller=seller, carrier_code="SEND")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(bad=st.lists(_fuzzed(API_FIELDS, event()), min_size=1, max_size=3))
def test_fuzzed_webhook_batches_never_fail_and_keep_every_good_event(client, seller, send_webhook, bad):
    TrackingEvent.objects.for_seller(seller).delete()
    webhook = send_webhook
    good = event(event_id="good-webhook", carrier=None)
    body = json.dumps({"events": [*bad, good]}).encode()
    response = client.post(
        "/webhooks/carriers/SEND/",
        body,
        content_type="application/json",
        HTTP_X_WEBHOOK_ID=webhook.public_id,
        HTTP_X_SIGNATURE=signature_of(webhook.secret, body),
    )
    assert response.status_code == 200, response.content
    assert response.json()["results"][-1]["result"] == "accepted"
