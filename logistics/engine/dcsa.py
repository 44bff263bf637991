"""Reading DCSA Track & Trace 2.x events (shipment, transport and equipment events).

The DCSA standard (Track & Trace 2.2, event domain 1.0.x) names the fields used here:
`eventID`, `eventType` (SHIPMENT, TRANSPORT, EQUIPMENT), `eventClassifierCode` (ACT actual,
PLN planned, EST estimated), `eventDateTime`, `eventCreatedDateTime`, the specialised codes
`shipmentEventTypeCode`, `transportEventTypeCode`, `equipmentEventTypeCode` (older payloads
use `eventTypeCode`), `documentTypeCode` + `documentID` (shipment events),
`documentReferences` ([{documentReferenceType: BKG|TRD, documentReferenceValue}]),
`equipmentReference` (the container number), `emptyIndicatorCode` (EMPTY, LADEN) and
`transportCall` (`UNLocationCode`, `location.locationName`, `modeOfTransport`).

The transport call's UN/LOCODE (or the event location's) is kept as the event's location
code: an arrival (TRANSPORT ARRI) or discharge (EQUIPMENT DISC) maps to "arrived at
destination port", and the fold reads it as "in transit" when that port is not the lane's
destination port (a transhipment port on the way).

An event becomes one `RawEvent` whose raw code is `<eventType>.<code>` (equipment events
moved empty add `.EMPTY`), looked up in the status mapping table under carrier "DCSA"
(seeded by migration 0005, changed by operators in the admin).
Only actual events (ACT) carry a status; an estimated or planned arrival (TRANSPORT ARRI
EST/PLN) is an ETA, recorded at the time it was made (eventCreatedDateTime).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from logistics.adapters.base import RawEvent, ReferenceType

DCSA_CARRIER = "DCSA"
# A UN/LOCODE: the country's two letters and three letters or digits 2-9 for the place.
UN_LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
EVENT_TYPES = ("SHIPMENT", "TRANSPORT", "EQUIPMENT")
CLASSIFIERS = ("ACT", "PLN", "EST", "REQ")
CODE_FIELD = {
    "SHIPMENT": "shipmentEventTypeCode",
    "TRANSPORT": "transportEventTypeCode",
    "EQUIPMENT": "equipmentEventTypeCode",
}
DOCUMENT_REFERENCE_TYPES = {"BKG": ReferenceType.BOOKING, "TRD": ReferenceType.TRANSPORT_DOCUMENT}
# The order in which references identify a shipment best: the bill of lading, the
# booking, then the container (containers are reused from one voyage to the next).
REFERENCE_PREFERENCE = (
    ReferenceType.TRANSPORT_DOCUMENT,
    ReferenceType.BOOKING,
    ReferenceType.CONTAINER,
)


class DcsaFormatError(ValueError):
    """A DCSA event that does not follow the standard; `field` names what was wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _datetime(value: Any, field: str) -> datetime:
    if not isinstance(value, str) or not value:
        raise DcsaFormatError(field, "required, an ISO 8601 date-time with its UTC offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise DcsaFormatError(field, f"'{value}' is not an ISO 8601 date-time with its UTC offset")
    return parsed


def _references(event: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for item in event.get("documentReferences") or []:
        if not isinstance(item, dict):
            continue
        kind = DOCUMENT_REFERENCE_TYPES.get(str(item.get("documentReferenceType", "")))
        value = str(item.get("documentReferenceValue") or "").strip()
        if kind and value:
            found.setdefault(kind, value)
    kind = DOCUMENT_REFERENCE_TYPES.get(str(event.get("documentTypeCode", "")))
    value = str(event.get("documentID") or "").strip()
    if kind and value:
        found.setdefault(kind, value)
    container = str(event.get("equipmentReference") or "").strip()
    if container:
        found.setdefault(ReferenceType.CONTAINER, container)
    return tuple((kind, found[kind]) for kind in REFERENCE_PREFERENCE if kind in found)


def _location_code(event: dict[str, Any]) -> str:
    """The UN/LOCODE of the event's place: the transport call's, else the event location's."""
    call = event.get("transportCall")
    places = []
    if isinstance(call, dict):
        places += [call, call.get("location")]
    places.append(event.get("eventLocation"))
    for place in places:
        if isinstance(place, dict):
            code = str(place.get("UNLocationCode") or "").strip().upper()
            if UN_LOCODE.fullmatch(code):
                return code
    return ""


def _location(event: dict[str, Any], code: str) -> str:
    call = event.get("transportCall") or {}
    if not isinstance(call, dict):
        return ""
    location = call.get("location") or {}
    name = str(location.get("locationName") or "").strip() if isinstance(location, dict) else ""
    if not code:
        code = str(call.get("UNLocationCode") or "").strip()
        code = code or (
            str(location.get("UNLocationCode") or "").strip() if isinstance(location, dict) else ""
        )
    if name and code:
        return f"{name} ({code})"
    return name or code


def parse_dcsa_event(event: Any, *, carrier_code: str = DCSA_CARRIER) -> RawEvent:
    """One DCSA 2.x event of `carrier_code` as a RawEvent. Raises DcsaFormatError naming the bad field."""
    if not isinstance(event, dict):
        raise DcsaFormatError("event", "must be a JSON object")
    event_type = event.get("eventType")
    if event_type not in EVENT_TYPES:
        raise DcsaFormatError("eventType", f"must be one of {', '.join(EVENT_TYPES)}")
    classifier = event.get("eventClassifierCode")
    if classifier not in CLASSIFIERS:
        raise DcsaFormatError("eventClassifierCode", f"must be one of {', '.join(CLASSIFIERS)}")
    code = event.get(CODE_FIELD[event_type]) or event.get("eventTypeCode")
    if not isinstance(code, str) or not code.isalpha() or len(code) != 4:
        raise DcsaFormatError(CODE_FIELD[event_type], "required, a four-letter DCSA code")
    event_date_time = _datetime(event.get("eventDateTime"), "eventDateTime")
    references = _references(event)
    if not references:
        raise DcsaFormatError(
            "documentReferences",
            "the event names no booking (BKG), transport document (TRD) or equipmentReference",
        )
    raw_code = f"{event_type}.{code}"
    if event_type == "EQUIPMENT" and event.get("emptyIndicatorCode") == "EMPTY":
        raw_code += ".EMPTY"
    eta = None
    event_time = event_date_time
    location_code = _location_code(event)
    if classifier != "ACT":
        # An estimate or plan: not something that happened. It is recorded when it was
        # made; an estimated arrival is the shipment's ETA.
        raw_code += f".{classifier}"
        created = event.get("eventCreatedDateTime")
        event_time = _datetime(created, "eventCreatedDateTime") if created else event_date_time
        if event_type == "TRANSPORT" and code == "ARRI":
            eta = event_date_time
    return RawEvent(
        carrier_code=carrier_code or DCSA_CARRIER,
        code_list=DCSA_CARRIER,
        raw_code=raw_code,
        event_time=event_time,
        references=references,
        external_id=str(event.get("eventID") or ""),
        location=_location(event, location_code),
        location_code=location_code,
        eta=eta,
        description=str(event.get("reason") or event.get("changeRemark") or ""),
        payload=event,
    )
