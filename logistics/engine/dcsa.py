"""Reading DCSA Track & Trace events, versions 2.2 and 3.0 (shipment, transport, equipment).

**2.2** (event domain 1.0.x) names the fields at the top of the event: `eventID`,
`eventType` (SHIPMENT, TRANSPORT, EQUIPMENT), `eventClassifierCode` (ACT actual, PLN
planned, EST estimated, REQ requested), `eventDateTime`, `eventCreatedDateTime`, the
specialised codes `shipmentEventTypeCode`, `transportEventTypeCode`,
`equipmentEventTypeCode` (older payloads use `eventTypeCode`), `documentTypeCode` +
`documentID`, `documentReferences` ([{documentReferenceType: BKG|TRD,
documentReferenceValue}]), `references` ([{referenceType, referenceValue}], of which `EQ`
names a container), `equipmentReference`, `emptyIndicatorCode` (EMPTY, LADEN) and
`transportCall` (`UNLocationCode`, `location.locationName`).

**3.0** groups the specialised fields: `eventTypeCode` names the type (SHIPMENT,
TRANSPORT, EQUIPMENT, IOT, REEFER), `eventDateTime` is `{value, classifier}`,
`eventUpdatedDateTime` replaces the creation time, and the codes live in
`shipmentEventDetails`, `transportEventDetails` (`transportCall`, `location`) and
`equipmentEventDetails` (`equipmentReference`, `emptyIndicatorCode`, `eventLocation`);
references come as `relatedDocumentReferences` and `shipmentReferences`. The version is
the `API-Version` header's when the sender gives it, else read from the event's shape
(`version_of`).

Every error of an event is reported, by field path (`documentReferences.1.documentReferenceValue`),
in one `DcsaFormatError`: the fields the standard requires (`eventID` a string,
`eventCreatedDateTime` given and not in the future), the codes of the published code lists
(`CODES`), UN/LOCODEs whose country exists, text lengths of the columns they are kept in.

The event becomes one `RawEvent` whose raw code is `<type>.<code>` (equipment moved empty
adds `.EMPTY`, estimates and plans add their classifier), looked up in the status mapping
table under the vocabulary "DCSA" (seeded by migrations, edited by operators). Only
actual events (ACT) carry a status; an estimated or planned arrival is an ETA, recorded
at the time it was made. The UN/LOCODE of the event's place is kept: the fold reads an
arrival at a port other than the lane's destination port as a transhipment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from babel import Locale

from logistics.adapters.base import RawEvent, ReferenceType
from portal.engine.boundary import FieldErrors, check_storable, date_time, text

DCSA_CARRIER = "DCSA"
VERSIONS = ("2", "3")
# A UN/LOCODE: the country's two letters and three letters or digits 2-9 for the place.
UN_LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
EVENT_TYPES = ("SHIPMENT", "TRANSPORT", "EQUIPMENT")
EVENT_TYPES_3 = (*EVENT_TYPES, "IOT", "REEFER")
CLASSIFIERS = ("ACT", "PLN", "EST", "REQ")
# The published code lists (DCSA TNT 2.2 and 3.0; 3.0 adds the customs, availability,
# crossing, amendment, update, cancellation and declaration codes).
SHIPMENT_CODES_22 = frozenset(
    {
        "RECE",
        "DRFT",
        "PENA",
        "PENU",
        "REJE",
        "APPR",
        "ISSU",
        "SURR",
        "SUBM",
        "VOID",
        "CONF",
        "REQS",
        "CMPL",
        "HOLD",
        "RELS",
    }
)
SHIPMENT_CODES_30 = SHIPMENT_CODES_22 | frozenset(
    {
        "AMCF",
        "AMCN",
        "AMDC",
        "AMPR",
        "AMRE",
        "CACF",
        "CADC",
        "CARE",
        "DECL",
        "PENM",
        "PSAM",
        "PSDL",
        "SUAM",
        "SUDL",
        "UPCF",
        "UPCN",
        "UPDC",
        "UPDT",
        "UPRE",
    }
)
TRANSPORT_CODES = frozenset({"ARRI", "DEPA"})
EQUIPMENT_CODES_22 = frozenset(
    {"LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD"}
)
EQUIPMENT_CODES_30 = EQUIPMENT_CODES_22 | frozenset({"AVDO", "AVPU", "CROS", "CUSI", "CUSR", "CUSS"})
CODES = {
    "2": {"SHIPMENT": SHIPMENT_CODES_22, "TRANSPORT": TRANSPORT_CODES, "EQUIPMENT": EQUIPMENT_CODES_22},
    "3": {"SHIPMENT": SHIPMENT_CODES_30, "TRANSPORT": TRANSPORT_CODES, "EQUIPMENT": EQUIPMENT_CODES_30},
}
CODE_FIELD = {
    "SHIPMENT": "shipmentEventTypeCode",
    "TRANSPORT": "transportEventTypeCode",
    "EQUIPMENT": "equipmentEventTypeCode",
    "IOT": "iotEventTypeCode",
    "REEFER": "reeferEventTypeCode",
}
DETAILS_FIELD = {
    "SHIPMENT": "shipmentEventDetails",
    "TRANSPORT": "transportEventDetails",
    "EQUIPMENT": "equipmentEventDetails",
    "IOT": "iotEventDetails",
    "REEFER": "reeferEventDetails",
}
DOCUMENT_REFERENCE_TYPES = {"BKG": ReferenceType.BOOKING, "TRD": ReferenceType.TRANSPORT_DOCUMENT}
# `references` of 2.2 and `shipmentReferences` of 3.0 that name one of our references.
REFERENCE_TYPES = {"EQ": ReferenceType.CONTAINER, **DOCUMENT_REFERENCE_TYPES}
# The order in which references identify a shipment best: the bill of lading, the
# booking, then the container (containers are reused from one voyage to the next).
REFERENCE_PREFERENCE = (
    ReferenceType.TRANSPORT_DOCUMENT,
    ReferenceType.BOOKING,
    ReferenceType.CONTAINER,
)
# Column lengths of what is kept (TrackingEvent); the API passes the model's own.
DEFAULT_LIMITS = {"reference": 60, "external_id": 100, "location": 200, "description": 300}
# Clocks differ; a report made further ahead than this is a mistake.
FUTURE_TOLERANCE = timedelta(days=1)


class DcsaFormatError(ValueError):
    """A DCSA event that does not follow the standard; `errors` maps each field to what was wrong."""

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = dict(errors)
        self.field = next(iter(self.errors), "event")
        self.message = "; ".join(self.errors.get(self.field, []))
        super().__init__("; ".join(f"{f}: {' '.join(m)}" for f, m in self.errors.items()))


class UnsupportedDcsaVersion(ValueError):
    """The sender speaks a DCSA version other than 2.x or 3.0."""


@cache
def _countries() -> frozenset[str]:
    # The ISO 3166 alpha-2 codes CLDR knows ("ZZ" is CLDR's unknown region).
    return frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha() and c != "ZZ")


def version_from_header(value: str) -> str:
    """ "2" or "3" from an `API-Version` header ("2.2.0", "3.0.0"), "" when absent.
    Raises UnsupportedDcsaVersion for any other major version."""
    value = (value or "").strip()
    if not value:
        return ""
    major = value.split(".")[0].lstrip("vV")
    if major not in VERSIONS:
        raise UnsupportedDcsaVersion(
            f"DCSA Track & Trace version {value[:20]} is not supported; send 2.x (2.2) or 3.0."
        )
    return major


def version_of(event: Any) -> str:
    """The DCSA version an event is written in, read from its shape: "3" or "2"."""
    if isinstance(event, dict) and (
        event.get("eventTypeCode") in EVENT_TYPES_3
        or isinstance(event.get("eventDateTime"), dict)
        or any(name in event for name in DETAILS_FIELD.values())
    ):
        return "3"
    return "2"


def _text(value: Any, field: str, errors: FieldErrors, limit: int | None = None) -> str:
    return text(value, field=field, errors=errors, max_length=limit)


def _location_of(place: Any, path: str, errors: FieldErrors, limits: Mapping[str, int]) -> tuple[str, str]:
    """(name, UN/LOCODE) of a DCSA location object (or transport call), each "" when absent."""
    if not isinstance(place, dict):
        return "", ""
    code = _text(place.get("UNLocationCode"), f"{path}.UNLocationCode", errors).upper()
    if code and (not UN_LOCODE.fullmatch(code) or code[:2] not in _countries()):
        errors.add(
            f"{path}.UNLocationCode",
            f"'{code[:20]}' is not a UN/LOCODE: a country's ISO code and three letters or digits 2-9.",
        )
        code = ""
    name = _text(place.get("locationName"), f"{path}.locationName", errors, limits["location"])
    return name, code


def _places(event: dict, version: str, details: dict) -> list[tuple[Any, str]]:
    """The places an event may name, most specific first, with their field paths."""
    if version == "3":
        prefix = DETAILS_FIELD.get(str(event.get("eventTypeCode")), "details")
        call = details.get("transportCall")
        places = [(details.get("eventLocation"), f"{prefix}.eventLocation")]
        places.append((details.get("location"), f"{prefix}.location"))
        if isinstance(call, dict):
            places.append((call.get("location"), f"{prefix}.transportCall.location"))
        return places
    call = event.get("transportCall")
    places = []
    if isinstance(call, dict):
        places += [(call, "transportCall"), (call.get("location"), "transportCall.location")]
    places.append((event.get("eventLocation"), "eventLocation"))
    return places


def _reference_lists(event: dict, version: str, details: dict) -> list[tuple[str, list, tuple, tuple]]:
    """(field, items, type keys, value keys) of every reference list of the event."""
    doc_types = ("documentReferenceType", "documentReferenceTypeCode", "type", "typeCode")
    doc_values = ("documentReferenceValue", "value", "reference")
    ref_types = ("referenceType", "type", "typeCode")
    ref_values = ("referenceValue", "value", "reference")
    if version == "3":
        return [
            ("relatedDocumentReferences", event.get("relatedDocumentReferences"), doc_types, doc_values),
            ("documentReferences", event.get("documentReferences"), doc_types, doc_values),
            ("shipmentReferences", event.get("shipmentReferences"), ref_types, ref_values),
        ]
    return [
        ("documentReferences", event.get("documentReferences"), doc_types, doc_values),
        ("references", event.get("references"), ref_types, ref_values),
    ]


def _references(
    event: dict, version: str, details: dict, errors: FieldErrors, limits: Mapping[str, int]
) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    limit = limits["reference"]
    for name, items, type_keys, value_keys in _reference_lists(event, version, details):
        if items is None:
            continue
        if not isinstance(items, list):
            errors.add(name, "Must be a list of references.")
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                errors.add(f"{name}.{index}", "Each reference must be a JSON object.")
                continue
            type_key = next((k for k in type_keys if k in item), type_keys[0])
            value_key = next((k for k in value_keys if k in item), value_keys[0])
            kind = REFERENCE_TYPES.get(str(item.get(type_key, "")))
            value = _text(item.get(value_key), f"{name}.{index}.{value_key}", errors, limit)
            if kind and value:
                found.setdefault(kind, value)
    if version == "3":
        prefix = DETAILS_FIELD.get(str(event.get("eventTypeCode")), "details")
        container = _text(details.get("equipmentReference"), f"{prefix}.equipmentReference", errors, limit)
        document_type = details.get("documentTypeCode")
        document = _text(details.get("documentReference"), f"{prefix}.documentReference", errors, limit)
    else:
        container = _text(event.get("equipmentReference"), "equipmentReference", errors, limit)
        document_type = event.get("documentTypeCode")
        document = _text(event.get("documentID"), "documentID", errors, limit)
    kind = DOCUMENT_REFERENCE_TYPES.get(str(document_type or ""))
    if kind and document:
        found.setdefault(kind, document)
    if container:
        found.setdefault(ReferenceType.CONTAINER, container)
    return tuple((kind, found[kind]) for kind in REFERENCE_PREFERENCE if kind in found)


def parse_dcsa_event(
    event: Any,
    *,
    carrier_code: str = DCSA_CARRIER,
    version: str = "",
    now: datetime | None = None,
    limits: Mapping[str, int] | None = None,
) -> RawEvent:
    """One DCSA event of `carrier_code` as a RawEvent.

    `version` is "2" or "3" (from the sender's `API-Version` header), "" to read it from
    the event. Raises DcsaFormatError with every error of the event, by field path.
    """
    if not isinstance(event, dict):
        raise DcsaFormatError({"event": ["Each event must be a JSON object."]})
    now = now or datetime.now(UTC)
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    version = version or version_of(event)
    errors = FieldErrors()
    check_storable(event, field="", errors=errors)
    if errors:
        raise DcsaFormatError(errors)

    if version == "3":
        type_field, types = "eventTypeCode", EVENT_TYPES_3
        stamp = event.get("eventDateTime")
        if isinstance(stamp, dict):
            when, classifier = stamp.get("value"), stamp.get("classifier")
            when_field, classifier_field = "eventDateTime.value", "eventDateTime.classifier"
        else:
            when, classifier = stamp, event.get("eventClassifierCode")
            when_field, classifier_field = "eventDateTime", "eventClassifierCode"
        created_field = "eventUpdatedDateTime" if "eventUpdatedDateTime" in event else "eventCreatedDateTime"
    else:
        type_field, types = "eventType", EVENT_TYPES
        when, classifier = event.get("eventDateTime"), event.get("eventClassifierCode")
        when_field, classifier_field = "eventDateTime", "eventClassifierCode"
        created_field = "eventCreatedDateTime"

    external_id = event.get("eventID")
    if external_id in (None, ""):
        errors.add("eventID", "Required: the event's unique id (a string, usually a UUID).")
    elif not isinstance(external_id, str):
        errors.add("eventID", "Must be a string (a UUID), not a number.")
        external_id = ""
    else:
        external_id = _text(external_id, "eventID", errors, limits["external_id"])

    event_type = event.get(type_field)
    if event_type not in types:
        errors.add(type_field, f"Must be one of {', '.join(types)}.")
        event_type = None
    if classifier not in CLASSIFIERS:
        errors.add(classifier_field, f"Must be one of {', '.join(CLASSIFIERS)}.")

    details: dict = {}
    code_field = CODE_FIELD.get(event_type or "", "eventTypeCode")
    if version == "3" and event_type:
        raw_details = event.get(DETAILS_FIELD[event_type])
        if raw_details is not None and not isinstance(raw_details, dict):
            errors.add(DETAILS_FIELD[event_type], "Must be a JSON object.")
        details = raw_details if isinstance(raw_details, dict) else {}
        code_field = f"{DETAILS_FIELD[event_type]}.{CODE_FIELD[event_type]}"
        code = details.get(CODE_FIELD[event_type])
    elif event_type:
        code = event.get(CODE_FIELD[event_type]) or event.get("eventTypeCode")
    else:
        code = None
    allowed = CODES[version].get(event_type or "")
    if event_type and (not isinstance(code, str) or not code.isalpha() or len(code) != 4):
        errors.add(code_field, "Required: a four-letter DCSA event code.")
        code = None
    elif event_type and allowed is not None and code not in allowed:
        errors.add(
            code_field,
            f"'{code}' is not a DCSA {'3.0' if version == '3' else '2.2'} {event_type.lower()} event code; "
            f"one of {', '.join(sorted(allowed))}.",
        )
        code = None

    event_date_time = date_time(when, field=when_field, errors=errors, required=True)
    created = date_time(event.get(created_field), field=created_field, errors=errors, required=True)
    if created is not None and created > now + FUTURE_TOLERANCE:
        errors.add(created_field, "The event cannot have been created in the future.")
    if classifier == "ACT" and event_date_time is not None and event_date_time > now + FUTURE_TOLERANCE:
        errors.add(when_field, "An actual (ACT) event cannot happen in the future; send it as EST or PLN.")

    references = _references(event, version, details, errors, limits)
    if not references and not any(f.startswith(("documentReferences", "references")) for f in errors):
        errors.add(
            "documentReferences",
            "The event names no booking (BKG), transport document (TRD) or container "
            "(equipmentReference, or a reference of type EQ).",
        )
    location_name, location_code = "", ""
    for place, path in _places(event, version, details):
        name, code_here = _location_of(place, path, errors, limits)
        location_name = location_name or name
        location_code = location_code or code_here
    description = _text(
        event.get("reason") or event.get("changeRemark"), "reason", errors, limits["description"]
    )
    if errors:
        raise DcsaFormatError(errors)

    raw_code = f"{event_type}.{code}"
    empty = (details if version == "3" else event).get("emptyIndicatorCode")
    if event_type == "EQUIPMENT" and empty == "EMPTY":
        raw_code += ".EMPTY"
    eta = None
    event_time = event_date_time
    if classifier != "ACT":
        # An estimate or plan: not something that happened. It is recorded when it was
        # made; an estimated arrival is the shipment's ETA.
        raw_code += f".{classifier}"
        event_time = created
        if event_type == "TRANSPORT" and code == "ARRI":
            eta = event_date_time
    if location_name and location_code:
        location = f"{location_name} ({location_code})"
    else:
        location = location_name or location_code
    return RawEvent(
        carrier_code=carrier_code or DCSA_CARRIER,
        code_list=DCSA_CARRIER,
        raw_code=raw_code,
        event_time=event_time,
        references=references,
        external_id=external_id,
        location=location[: limits["location"]],
        location_code=location_code,
        eta=eta,
        description=description,
        payload=event,
    )
