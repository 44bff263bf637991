"""Tracking events through the API, the DCSA endpoint and the signed carrier webhook."""

import json

import pytest
from rest_framework.test import APIClient

from logistics.api.tracking import signature_of
from logistics.models import Lane, ShipmentReference, StatusMapping, TrackingEvent, TrackingStatus
from logistics.tests.factories import CarrierWebhookFactory, ShipmentFactory, ShipmentReferenceFactory
from logistics.tests.fake_carrier import payload
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db
BL = "MAEU250301884"
URL = "/api/v1/tracking-events/"


def client_for(seller, scopes=("tracking:write", "logistics:read")):
    _, raw = create_api_key(seller=seller, name="carrier feed", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def api(seller):
    return client_for(seller)


@pytest.fixture
def shipment(seller):
    shipment = ShipmentFactory(seller=seller, transport_document_number=BL)
    ShipmentReferenceFactory(
        seller=seller, shipment=shipment, kind=ShipmentReference.Kind.TRANSPORT_DOCUMENT, value=BL
    )
    return shipment


def event(**fields):
    base = {
        "reference_type": "transport_document",
        "reference": BL,
        "carrier": "MAEU",
        "status": "departed_origin",
        "event_time": "2025-03-10T22:05:00+08:00",
        "location": "Yantian (CNYTN)",
        "event_id": "ev-1",
    }
    return {**base, **fields}


def test_a_batch_with_bad_events_reports_them_by_index_and_keeps_the_good_ones(api, seller, shipment):
    """An unmapped code is not an error: the event is kept without a status, for operators to map."""
    batch = [
        event(event_id="ok-1"),
        event(event_id="bad-time", event_time="yesterday"),
        event(event_id="ok-2", status="in_transit", event_time="2025-03-12T08:00:00+08:00"),
        event(event_id="bad-ref", reference_type="parcel"),
        "not an object",
        event(event_id="ok-1"),
        event(event_id="bad-code", status=None, code="ZZ9"),
    ]
    response = api.post(URL, {"events": batch}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (3, 1, 3)
    results = body["results"]
    assert [r["result"] for r in results] == [
        "accepted",
        "rejected",
        "accepted",
        "rejected",
        "rejected",
        "duplicate",
        "accepted",
    ]
    assert "event_time" in results[1]["errors"]
    assert "reference_type" in results[3]["errors"]
    assert "non_field_errors" in results[4]["errors"]
    assert results[6]["status"] == ""
    assert results[0]["status"] == "departed_origin"
    assert results[0]["shipment_id"] == shipment.pk
    assert TrackingEvent.objects.for_seller(seller).count() == 3
    unmapped = TrackingEvent.objects.for_seller(seller).get(external_id="bad-code")
    assert (unmapped.vocabulary, unmapped.raw_code, unmapped.status) == ("MAEU", "ZZ9", "")
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.IN_TRANSIT


def test_a_carrier_code_is_mapped_through_the_mapping_table(api, seller, shipment):
    StatusMapping.objects.create(vocabulary="SEND", raw_code="OFD", status=TrackingStatus.OUT_FOR_DELIVERY)
    response = api.post(URL, {"events": [event(carrier="send", status=None, code="OFD")]}, format="json")
    assert response.json()["results"][0]["result"] == "accepted"
    assert TrackingEvent.objects.for_seller(seller).get().status == TrackingStatus.OUT_FOR_DELIVERY


def test_a_batch_over_the_limit_is_refused_whole_naming_it(api, seller):
    response = api.post(URL, {"events": [event(event_id=str(i)) for i in range(1001)]}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "1000" in body["fields"]["events"][0]
    assert TrackingEvent.objects.for_seller(seller).count() == 0


def test_a_body_that_is_not_a_batch_is_refused(api):
    response = api.post(URL, {"event": event()}, format="json")
    assert response.status_code == 400
    assert "events" in response.json()["fields"]


def test_a_key_without_the_tracking_scope_is_refused(seller):
    client = client_for(seller, scopes=("logistics:read",))
    response = client.post(URL, {"events": [event()]}, format="json")
    assert response.status_code == 403
    assert TrackingEvent.objects.for_seller(seller).count() == 0


def test_the_same_idempotency_key_replays_the_answer(api, seller, shipment):
    body = {"events": [event()]}
    first = api.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="batch-7")
    second = api.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="batch-7")
    assert first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert TrackingEvent.objects.for_seller(seller).count() == 1


def test_the_list_shows_only_the_sellers_events(api, seller, other_seller, shipment):
    api.post(URL, {"events": [event()]}, format="json")
    client_for(other_seller).post(URL, {"events": [event(event_id="theirs")]}, format="json")
    response = api.get(URL)
    assert response.status_code == 200
    assert [e["external_id"] for e in response.json()["results"]] == ["ev-1"]
    assert api.get(URL, {"unmatched": "true"}).json()["results"] == []


def test_dcsa_samples_map_to_the_right_statuses(api, seller, shipment):
    # The recorded voyage runs Yantian → Hamburg: the shipment rides the lane to Hamburg.
    shipment.lane = Lane.objects.get(code="agl-cn-de-ocean")
    shipment.save(update_fields=["lane"])
    events = payload("dcsa_tnt_v2_events_page1.json") + payload("dcsa_tnt_v2_events_page2.json")
    response = api.post("/api/v1/tracking/dcsa/?carrier=MAEU", events, format="json")
    assert response.status_code == 200
    assert response.json()["accepted"] == 6
    stored = dict(TrackingEvent.objects.for_seller(seller).values_list("raw_code", "status"))
    assert stored == {
        "SHIPMENT.CONF": "info_received",
        "EQUIPMENT.GTIN": "picked_up",
        "TRANSPORT.DEPA": "departed_origin",
        "TRANSPORT.ARRI.EST": "",
        "TRANSPORT.ARRI": "arrived_destination_port",
        "EQUIPMENT.DISC": "arrived_destination_port",
    }
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.ARRIVED_DESTINATION_PORT
    assert shipment.eta.isoformat() == "2025-04-14T04:00:00+00:00"
    assert shipment.last_location == "DEHAM"


def test_a_dcsa_event_breaking_the_standard_is_rejected_by_index(api, seller):
    events = payload("dcsa_tnt_v2_events_page1.json")
    events[1] = {**events[1], "eventDateTime": "tomorrow"}
    body = api.post("/api/v1/tracking/dcsa/", {"events": events}, format="json").json()
    assert [r["result"] for r in body["results"]] == ["accepted", "rejected", "accepted"]
    assert "eventDateTime" in body["results"][1]["errors"]


def post_webhook(client, carrier, body: bytes, *, webhook_id, signature):
    return client.post(
        f"/webhooks/carriers/{carrier}/",
        body,
        content_type="application/json",
        HTTP_X_WEBHOOK_ID=webhook_id,
        HTTP_X_SIGNATURE=signature,
    )


def test_a_signed_webhook_records_the_carriers_events(client, seller, shipment):
    webhook = CarrierWebhookFactory(seller=seller, carrier_code="SEND")
    body = json.dumps({"events": [event(carrier=None, event_id="wh-1")]}).encode()
    response = post_webhook(
        client, "SEND", body, webhook_id=webhook.public_id, signature=signature_of(webhook.secret, body)
    )
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 1
    stored = TrackingEvent.objects.for_seller(seller).get()
    assert (stored.source, stored.carrier_code, stored.shipment_id) == ("webhook", "SEND", shipment.pk)


@pytest.mark.parametrize("tamper", ["wrong-secret", "changed-body", "no-signature", "other-carrier"])
def test_a_webhook_with_a_bad_signature_answers_401_and_records_nothing(client, seller, tamper):
    webhook = CarrierWebhookFactory(seller=seller, carrier_code="SEND")
    body = json.dumps({"events": [event(event_id="wh-1")]}).encode()
    signature = signature_of(webhook.secret, body)
    carrier = "SEND"
    if tamper == "wrong-secret":
        signature = signature_of("guess", body)
    elif tamper == "changed-body":
        body = body.replace(b"departed_origin", b"delivered")
    elif tamper == "no-signature":
        signature = ""
    else:
        carrier = "MAEU"
    response = post_webhook(client, carrier, body, webhook_id=webhook.public_id, signature=signature)
    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert TrackingEvent.objects.for_seller(seller).count() == 0


def test_a_webhook_accepts_a_dcsa_list(client, seller, shipment):
    webhook = CarrierWebhookFactory(seller=seller, carrier_code="MAEU")
    body = json.dumps(payload("dcsa_tnt_v2_gate_out_delivered.json")).encode()
    response = post_webhook(
        client, "maeu", body, webhook_id=webhook.public_id, signature=signature_of(webhook.secret, body)
    )
    assert response.json()["accepted"] == 2
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.DELIVERED


def test_a_batch_of_1000_costs_a_fixed_number_of_queries(api, seller, django_assert_max_num_queries):
    for i in range(50):
        s = ShipmentFactory(seller=seller, transport_document_number=f"BL{i:04d}")
        ShipmentReferenceFactory(seller=seller, shipment=s, kind="transport_document", value=f"BL{i:04d}")
    batch = [
        event(reference=f"BL{i % 50:04d}", event_id=f"e{i}", event_time=f"2025-03-{1 + i % 28:02d}T10:00:00Z")
        for i in range(1000)
    ]
    with django_assert_max_num_queries(25):
        response = api.post(URL, {"events": batch}, format="json")
    assert response.json()["accepted"] == 1000
