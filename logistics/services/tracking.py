"""Recording carrier events and folding them into the shipments they concern.

`record_tracking_events` is the one way events come in, whatever the source (API batch,
carrier webhook, DCSA, carrier API poll). For a batch it:

1. maps each event's carrier code to a status (one query of the mapping table);
2. computes its dedup key: the carrier and the carrier's event id, or, without an id, the
   reference, code, event time and location — the same event sent twice is one event;
3. matches its references to the seller's shipments (one query of ShipmentReference);
4. inserts every new event with one `INSERT … ON CONFLICT DO NOTHING RETURNING`, so the
   events already known are told apart exactly, even under concurrent batches;
5. folds each affected shipment once (rows locked in primary-key order) and raises the
   notices (exceptions, customs holds) of the new events.

It answers per event, by index: accepted, duplicate, or rejected with the reason. A bad
event never costs the good ones. Events whose reference no shipment holds yet are kept
unmatched and attached by `attach_unmatched_events` when a shipment names it.

A transfer or inbound shipment that reaches "delivered" sends
`logistics.signals.shipment_delivered` once, after commit: the UPDATE that first sets
`delivered_at` is conditional on it being empty, and only the caller that changed the row
sends the signal.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.adapters.base import RawEvent
from logistics.engine.dcsa import DCSA_CARRIER as DCSA
from logistics.engine.folding import NOTICE_STATUSES, VALID_STATUSES, FoldEvent, fold_events
from logistics.engine.vocabularies import mapping_candidates
from logistics.models import (
    Lane,
    Shipment,
    ShipmentNotice,
    ShipmentReference,
    StatusMapping,
    TrackingEvent,
    TrackingStatus,
)
from logistics.selectors.events import shipment_status_events
from logistics.signals import shipment_delivered
from portal.models import Seller
from portal.pg import execute_binary
from portal.services.platform_scope import platform_scope
from portal.services.webhooks import emit_events
from portal.tenancy import seller_scope

logger = logging.getLogger(__name__)

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
REJECTED = "rejected"
RECEIVING_PURPOSES = frozenset({Shipment.Purpose.TRANSFER, Shipment.Purpose.INBOUND})
REFERENCE_FIELDS = {
    ShipmentReference.Kind.BOOKING: "booking_number",
    ShipmentReference.Kind.TRANSPORT_DOCUMENT: "transport_document_number",
    ShipmentReference.Kind.TRACKING: "tracking_number",
}


@dataclass
class EventOutcome:
    """The answer for one event of a batch."""

    index: int
    result: str
    id: int | None = None
    shipment_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    status: str = ""

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"index": self.index, "result": self.result}
        if self.result == REJECTED:
            body["errors"] = self.errors
        else:
            body["id"] = self.id
            body["shipment_id"] = self.shipment_id
            body["status"] = self.status
        return body


@dataclass
class BatchOutcome:
    outcomes: list[EventOutcome]
    folded_shipment_ids: list[int]

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.count(ACCEPTED),
            "duplicates": self.count(DUPLICATE),
            "rejected": self.count(REJECTED),
            "results": [o.as_dict() for o in self.outcomes],
        }


def reference_key(kind: str, value: str) -> str:
    return f"|{kind}:{value}|"


def dedup_key(raw: RawEvent) -> str:
    """The event's identity: the carrier's event id when it has one, else what it says."""
    if raw.external_id:
        basis = f"id|{raw.carrier_code}|{raw.external_id}"
    else:
        kind, value = raw.references[0]
        basis = "|".join(
            ("ev", kind, value, raw.raw_code or raw.status, raw.event_time.isoformat(), raw.location)
        )
    return hashlib.sha256(basis.encode()).hexdigest()


def _candidates(raw: RawEvent) -> list[tuple[str, str]]:
    return mapping_candidates(vocabulary=raw.code_list, carrier_code=raw.carrier_code, raw_code=raw.raw_code)


def _mappings(raws: Iterable[RawEvent]) -> dict[tuple[str, str], str]:
    """(vocabulary, code) → status of every mapping the batch's codes may be looked up under."""
    wanted = {pair for r in raws if r.raw_code and not r.status for pair in _candidates(r)}
    if not wanted:
        return {}
    rows = StatusMapping.objects.filter(
        vocabulary__in={v for v, _ in wanted}, raw_code__in={code for _, code in wanted}
    ).values_list("vocabulary", "raw_code", "status")
    return {(v, code): status for v, code, status in rows}


def _mapped(raw: RawEvent, mapping: dict[tuple[str, str], str]) -> tuple[str, str]:
    """(status, vocabulary) of an event: the first candidate mapped, else ("", its vocabulary)."""
    if raw.status:
        return raw.status, raw.code_list
    for vocabulary, code in _candidates(raw):
        if (vocabulary, code) in mapping:
            return mapping[(vocabulary, code)], vocabulary
    return "", raw.mapping_key


def _match_shipments(seller, raws: Iterable[RawEvent]) -> dict[tuple[str, str], int]:
    """(kind, value) → the seller's shipment holding that reference (the newest one, since
    containers are reused from one voyage to the next)."""
    values = {value for r in raws for _, value in r.references}
    if not values:
        return {}
    found: dict[tuple[str, str], int] = {}
    if connection.vendor == "postgresql":
        # One array parameter rather than a placeholder per reference.
        table = connection.ops.quote_name(ShipmentReference._meta.db_table)
        rows = execute_binary(
            f"SELECT kind, value, shipment_id FROM {table} "
            "WHERE seller_id = %s AND value = ANY(%b::varchar[])",
            [seller.pk, list(values)],
        )
    else:
        rows = (
            ShipmentReference.objects.for_seller(seller)
            .filter(value__in=values)
            .values_list("kind", "value", "shipment_id")
        )
    for kind, value, shipment_id in rows:
        if shipment_id > found.get((kind, value), 0):
            found[(kind, value)] = shipment_id
    return found


def record_tracking_events(
    *,
    seller,
    events: Sequence[RawEvent | dict[str, list[str]]],
    source: str,
    reject_unmapped: bool = False,
    now: datetime | None = None,
) -> BatchOutcome:
    """Record a batch of events for `seller` and fold the shipments they concern.

    `events` holds, per index, a RawEvent or the errors that made the input unreadable
    (field → messages), which are answered as rejected. An event whose code has no
    mapping in its vocabulary is kept without a status (answered accepted with status ""),
    shown to operators as unmapped and given its status when the code is mapped;
    `reject_unmapped` refuses it instead.

    An event re-sent under a known event id is a duplicate when it says the same (code and
    references); when it says something else it is rejected as a conflict, naming what
    the first one said.
    """
    now = now or timezone.now()
    outcomes: list[EventOutcome | None] = [None] * len(events)
    raws = [e for e in events if isinstance(e, RawEvent)]
    mapping = _mappings(raws)
    matches = _match_shipments(seller, raws)
    rows: list[tuple] = []
    row_index: dict[str, int] = {}
    statuses: dict[str, tuple[str, int | None]] = {}
    said: dict[str, tuple[str, str]] = {}
    for index, item in enumerate(events):
        if not isinstance(item, RawEvent):
            outcomes[index] = EventOutcome(index=index, result=REJECTED, errors=item)
            continue
        status, vocabulary = _mapped(item, mapping)
        if status and status not in VALID_STATUSES:
            outcomes[index] = EventOutcome(
                index, REJECTED, errors={"status": [_("'%(s)s' is not a tracking status.") % {"s": status}]}
            )
            continue
        if not status and reject_unmapped and item.raw_code:
            outcomes[index] = EventOutcome(
                index,
                REJECTED,
                errors={
                    "code": [
                        _(
                            "Carrier %(carrier)s's code '%(code)s' has no status mapping: send 'status' "
                            "with the event, or ask the platform to map the code."
                        )
                        % {"carrier": item.mapping_key, "code": item.raw_code}
                    ]
                },
            )
            continue
        key = dedup_key(item)
        content = (item.raw_code or item.status, _reference_keys(item))
        if key in row_index:
            if said[key] != content:
                outcomes[index] = _conflict(index, item, said[key])
            else:
                outcomes[index] = EventOutcome(index, DUPLICATE, status=status)
            continue
        said[key] = content
        shipment_id = next((matches[ref] for ref in item.references if ref in matches), None)
        kind, value = item.references[0]
        row_index[key] = index
        statuses[key] = (status, shipment_id)
        rows.append(
            (
                seller.pk,
                shipment_id,
                kind,
                value,
                content[1],
                source,
                item.carrier_code,
                item.external_id,
                key,
                item.raw_code,
                vocabulary,
                status,
                item.event_time,
                item.location[:200],
                item.location_code[:10],
                item.eta,
                item.description[:300],
                item.payload,
                now,
            )
        )
    with transaction.atomic():
        inserted = _insert_events(rows)
        for key, index in row_index.items():
            status, shipment_id = statuses[key]
            if key in inserted:
                outcomes[index] = EventOutcome(
                    index, ACCEPTED, id=inserted[key], shipment_id=shipment_id, status=status
                )
            else:
                outcomes[index] = EventOutcome(index, DUPLICATE, status=status)
        new_events = [
            (inserted[key], statuses[key][1], statuses[key][0]) for key in row_index if key in inserted
        ]
        affected = sorted({shipment_id for _, shipment_id, _ in new_events if shipment_id})
        if affected:
            fold_shipments(seller=seller, shipment_ids=affected, seen_at=now)
            _raise_event_notices(seller, new_events, now)
    # Duplicates found in the database point at the event already stored: answer its id,
    # or, when the event says something else under the same id, the conflict.
    missing = {k: i for k, i in row_index.items() if k not in inserted}
    if missing:
        known = {
            key: (pk, (raw_code or status, keys), shipment_id)
            for key, pk, raw_code, status, keys, shipment_id in TrackingEvent.objects.for_seller(seller)
            .filter(dedup_key__in=list(missing))
            .values_list("dedup_key", "id", "raw_code", "status", "reference_keys", "shipment_id")
        }
        for key, index in missing.items():
            if key not in known:
                continue
            pk, stored, shipment_id = known[key]
            if stored != said[key]:
                outcomes[index] = _conflict(index, events[index], stored)
            else:
                outcomes[index].id = pk
                outcomes[index].shipment_id = shipment_id
    return BatchOutcome(outcomes=outcomes, folded_shipment_ids=affected)


INSERT_COLUMNS = (
    "seller_id",
    "shipment_id",
    "reference_type",
    "reference",
    "reference_keys",
    "source",
    "carrier_code",
    "external_id",
    "dedup_key",
    "raw_code",
    "vocabulary",
    "status",
    "event_time",
    "location",
    "location_code",
    "eta",
    "description",
    "payload",
    "received_at",
)
JSON_COLUMN = INSERT_COLUMNS.index("payload")


# PostgreSQL types of INSERT_COLUMNS, for the array form of the insert.
PG_TYPES = (
    "bigint",
    "bigint",
    "varchar",
    "varchar",
    "text",
    "varchar",
    "varchar",
    "varchar",
    "varchar",
    "varchar",
    "varchar",
    "varchar",
    "timestamptz",
    "varchar",
    "varchar",
    "timestamptz",
    "varchar",
    "jsonb",
    "timestamptz",
)


def _reference_keys(raw: RawEvent) -> str:
    return "".join(reference_key(k, v) for k, v in raw.references)


def _conflict(index: int, raw: RawEvent, stored: tuple[str, str]) -> EventOutcome:
    """The answer for an event re-sent under a known id that says something else."""
    code, keys = stored
    references = ", ".join(part.split(":", 1)[-1] for part in keys.strip("|").split("||") if part)
    field = "eventID" if raw.code_list == DCSA else "event_id"
    message = _(
        "Event id '%(id)s' was already received with code '%(code)s' for %(refs)s; this one says "
        "'%(new)s' for %(new_refs)s. Send a correction under a new event id."
    ) % {
        "id": raw.external_id,
        "code": code,
        "refs": references,
        "new": raw.raw_code or raw.status,
        "new_refs": ", ".join(v for _, v in raw.references),
    }
    return EventOutcome(index, REJECTED, errors={field: [message]})


def _insert_events(rows: list[tuple]) -> dict[str, int]:
    """Insert the rows that are new; returns dedup key → id of each row inserted."""
    if not rows:
        return {}
    table = connection.ops.quote_name(TrackingEvent._meta.db_table)
    conflict = " ON CONFLICT (seller_id, dedup_key) DO NOTHING RETURNING dedup_key, id"
    if connection.vendor == "postgresql":
        # One array per column: 18 parameters whatever the batch size, so neither the
        # driver nor the server parses a statement with thousands of placeholders.
        columns = [list(column) for column in zip(*rows, strict=True)]
        columns[JSON_COLUMN] = [json.dumps(value, cls=DjangoJSONEncoder) for value in columns[JSON_COLUMN]]
        # %b: each array is sent in PostgreSQL's binary format (no text quoting in Python).
        arrays = ", ".join(f"%b::{'text' if kind == 'jsonb' else kind}[]" for kind in PG_TYPES)
        select = ", ".join(f"c{i}::jsonb" if kind == "jsonb" else f"c{i}" for i, kind in enumerate(PG_TYPES))
        names = ", ".join(f"c{i}" for i in range(len(PG_TYPES)))
        sql = (
            f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) "
            f"SELECT {select} FROM unnest({arrays}) AS t({names})" + conflict
        )
        params: list[Any] = columns
    else:
        payload_field = TrackingEvent._meta.get_field("payload")
        time_field = TrackingEvent._meta.get_field("event_time")
        time_columns = [INSERT_COLUMNS.index(c) for c in ("event_time", "eta", "received_at")]
        params = []
        for row in rows:
            row = list(row)
            row[JSON_COLUMN] = payload_field.get_db_prep_save(row[JSON_COLUMN], connection)
            for column in time_columns:
                row[column] = time_field.get_db_prep_save(row[column], connection)
            params.extend(row)
        placeholder = "(" + ", ".join(["%s"] * len(INSERT_COLUMNS)) + ")"
        sql = (
            f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES "
            + ", ".join([placeholder] * len(rows))
            + conflict
        )
    if connection.vendor == "postgresql":
        return dict(execute_binary(sql, params))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


STATE_FIELDS = ("status", "last_event_at", "last_location", "eta", "last_event_time_seen")
FOLD_EVENT_COLUMNS = ("shipment_id", "event_time", "status", "dedup_key", "location", "eta", "location_code")


@dataclass(slots=True)
class _FoldTarget:
    """The columns of a shipment that the fold reads and writes."""

    pk: int
    purpose: str
    delivered_at: datetime | None
    status: str
    last_event_at: datetime | None
    last_location: str
    eta: datetime | None
    last_event_time_seen: datetime | None
    destination_port: str | None


FOLD_TARGET_COLUMNS = ("id", "purpose", "delivered_at", *STATE_FIELDS)


def _lock_fold_targets(seller, shipment_ids: Sequence[int]) -> list[_FoldTarget]:
    """The seller's shipments among `shipment_ids`, locked in primary-key order."""
    # NO KEY UPDATE: folding changes no key, and it must not wait for (or deadlock
    # with) the key-share locks that inserting events referencing a shipment takes.
    if connection.vendor == "postgresql":
        # One array parameter rather than a thousand placeholders; rows as plain tuples.
        # The lane's destination port comes with the row (a scalar subquery, so only the
        # shipment rows are locked): the fold reads arrivals elsewhere as transhipments.
        table = connection.ops.quote_name(Shipment._meta.db_table)
        lanes = connection.ops.quote_name(Lane._meta.db_table)
        columns = ", ".join(f"s.{name}" for name in FOLD_TARGET_COLUMNS)
        rows = execute_binary(
            f"SELECT {columns}, (SELECT l.destination_port FROM {lanes} AS l WHERE l.id = s.lane_id) "
            f"FROM {table} AS s "
            "WHERE s.seller_id = %s AND s.id = ANY(%b::bigint[]) ORDER BY s.id FOR NO KEY UPDATE",
            [seller.pk, list(shipment_ids)],
        )
    else:
        rows = (
            Shipment.objects.for_seller(seller)
            .filter(pk__in=shipment_ids)
            .order_by("pk")
            .select_for_update(no_key=True)
            .values_list(*FOLD_TARGET_COLUMNS, "lane__destination_port")
        )
    return [_FoldTarget(*row) for row in rows]


def _fold_events_of(seller, shipment_ids: list[int]) -> dict[int, list[FoldEvent]]:
    """Every event of the given shipments, by shipment, as the fold reads them."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(TrackingEvent._meta.db_table)
        rows = execute_binary(
            f"SELECT {', '.join(FOLD_EVENT_COLUMNS)} FROM {table} "
            "WHERE seller_id = %s AND shipment_id = ANY(%b::bigint[])",
            [seller.pk, shipment_ids],
        )
    else:
        rows = (
            TrackingEvent.objects.for_seller(seller)
            .filter(shipment_id__in=shipment_ids)
            .values_list(*FOLD_EVENT_COLUMNS)
        )
    by_shipment: dict[int, list[FoldEvent]] = defaultdict(list)
    for shipment_id, event_time, status, key, location, eta, location_code in rows:
        by_shipment[shipment_id].append(FoldEvent(event_time, status, key, location, eta, location_code))
    return by_shipment


def fold_shipments(*, seller, shipment_ids: Sequence[int], seen_at: datetime | None = None) -> list[int]:
    """Re-fold the given shipments from all their events; returns the ids now delivered
    for the first time. Locks the shipments (primary-key order) for the transaction."""
    with transaction.atomic():
        shipments = _lock_fold_targets(seller, shipment_ids)
        before = {shipment.pk: shipment.status for shipment in shipments}
        by_shipment = _fold_events_of(seller, [s.pk for s in shipments])
        changed, first_delivered = [], []
        for shipment in shipments:
            state = fold_events(by_shipment.get(shipment.pk, ()), shipment.destination_port or "")
            values = {
                "status": state.status or TrackingStatus.PENDING,
                "last_event_at": state.last_event_at,
                "last_location": state.last_location,
                "eta": state.eta,
            }
            if seen_at is not None:
                values["last_event_time_seen"] = seen_at
            if any(getattr(shipment, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(shipment, name, value)
                changed.append(shipment)
            if state.delivered_at is not None and shipment.delivered_at is None:
                first_delivered.append((shipment, state.delivered_at))
        if changed:
            _write_states(seller, changed)
            emit_events(
                seller=seller,
                type="shipment.status_changed",
                payloads=lambda: shipment_status_events(seller=seller, before=before, shipments=changed),
            )
        delivered_now = []
        for shipment, delivered_at in first_delivered:
            # The guard: only the UPDATE that finds delivered_at empty sends the signal.
            updated = (
                Shipment.objects.for_seller(seller)
                .filter(pk=shipment.pk, delivered_at__isnull=True)
                .update(delivered_at=delivered_at)
            )
            if updated:
                shipment.delivered_at = delivered_at
                delivered_now.append(shipment.pk)
                if shipment.purpose in RECEIVING_PURPOSES:
                    transaction.on_commit(lambda pk=shipment.pk: _send_delivered(seller, pk))
    return delivered_now


def _write_states(seller, shipments: list[_FoldTarget]) -> None:
    """Write the folded state of many shipments with one statement.

    On PostgreSQL an `UPDATE … FROM unnest(arrays)` join: Django's bulk_update builds a
    CASE per row and field, which costs seconds of Python for a thousand shipments.
    """
    if connection.vendor != "postgresql":
        instances = [
            Shipment(pk=s.pk, seller_id=seller.pk, **{name: getattr(s, name) for name in STATE_FIELDS})
            for s in shipments
        ]
        Shipment.objects.for_seller(seller).bulk_update(instances, list(STATE_FIELDS))
        return
    table = connection.ops.quote_name(Shipment._meta.db_table)
    sql = (
        f"UPDATE {table} AS s SET status = v.status, last_event_at = v.last_event_at, "
        "last_location = v.last_location, eta = v.eta, last_event_time_seen = v.seen, updated_at = %s "
        "FROM unnest(%b::bigint[], %b::varchar[], %b::timestamptz[], %b::varchar[], %b::timestamptz[], "
        "%b::timestamptz[]) AS v(id, status, last_event_at, last_location, eta, seen) "
        "WHERE s.id = v.id AND s.seller_id = %s"
    )
    columns = [[getattr(shipment, name) for shipment in shipments] for name in ("pk", *STATE_FIELDS)]
    execute_binary(sql, [timezone.now(), *columns, seller.pk])


def _send_delivered(seller, shipment_id: int) -> None:
    shipment = Shipment.objects.for_seller(seller).select_related("seller").get(pk=shipment_id)
    # Receivers read `shipment.items` (the signal's contract): inside the seller's scope.
    with seller_scope(seller):
        shipment_delivered.send(sender=Shipment, shipment=shipment)


NOTICE_KIND = {
    TrackingStatus.EXCEPTION: ShipmentNotice.Kind.EXCEPTION,
    TrackingStatus.CUSTOMS_HOLD: ShipmentNotice.Kind.CUSTOMS_HOLD,
}


def _raise_event_notices(seller, new_events: list[tuple[int, int | None, str]], now: datetime) -> None:
    """A notice per new exception or customs-hold event of a shipment."""
    wanted = [(eid, sid, status) for eid, sid, status in new_events if sid and status in NOTICE_STATUSES]
    if not wanted:
        return
    events = {
        e.pk: e
        for e in TrackingEvent.objects.for_seller(seller)
        .filter(pk__in=[eid for eid, _, _ in wanted])
        .only("id", "location", "description", "raw_code", "event_time")
    }
    notices = []
    for event_id, shipment_id, status in wanted:
        event = events[event_id]
        label = TrackingStatus(status).label
        detail = event.description or event.raw_code
        message = f"{label}: {detail}" if detail else str(label)
        if event.location:
            message += f" ({event.location})"
        notices.append(
            ShipmentNotice(
                seller=seller,
                shipment_id=shipment_id,
                kind=NOTICE_KIND[status],
                key=f"event:{event_id}",
                message=message[:300],
                event_id=event_id,
                created_at=now,
            )
        )
    ShipmentNotice.objects.for_seller(seller).bulk_create(notices, ignore_conflicts=True)


def shipment_reference_values(shipment: Shipment) -> list[tuple[str, str]]:
    """Every reference a shipment holds: its own fields and its ShipmentReference rows."""
    refs = set()
    for kind, name in REFERENCE_FIELDS.items():
        value = (getattr(shipment, name) or "").strip()
        if value:
            refs.add((str(kind), value))
    for value in shipment.container_numbers or []:
        if isinstance(value, str) and value.strip():
            refs.add((str(ShipmentReference.Kind.CONTAINER), value.strip()))
    rows = ShipmentReference.objects.for_seller(shipment.seller).filter(shipment=shipment)
    refs.update((str(kind), value) for kind, value in rows.values_list("kind", "value"))
    return sorted(refs)


def attach_unmatched_events(*, seller, shipment: Shipment) -> int:
    """Attach the seller's unmatched events that name any of the shipment's references,
    then fold it. Returns how many events were attached. Safe to call again."""
    refs = shipment_reference_values(shipment)
    if not refs:
        return 0
    condition = Q(reference__in=[value for _, value in refs])
    for kind, value in refs:
        condition |= Q(reference_keys__contains=reference_key(kind, value))
    with transaction.atomic():
        candidates = (
            TrackingEvent.objects.for_seller(seller)
            .filter(shipment__isnull=True)
            .filter(condition)
            .values_list("id", "reference_keys")
        )
        wanted = {reference_key(kind, value) for kind, value in refs}
        ids = [pk for pk, keys in candidates if any(k in keys for k in wanted)]
        if not ids:
            return 0
        attached = (
            TrackingEvent.objects.for_seller(seller)
            .filter(pk__in=ids, shipment__isnull=True)
            .update(shipment=shipment)
        )
        fold_shipments(seller=seller, shipment_ids=[shipment.pk])
        new_events = list(
            TrackingEvent.objects.for_seller(seller)
            .filter(pk__in=ids, status__in=NOTICE_STATUSES)
            .values_list("id", "shipment_id", "status")
        )
        _raise_event_notices(seller, new_events, timezone.now())
    logger.info("Attached %s waiting tracking events to shipment %s.", attached, shipment.pk)
    return attached


def attach_unmatched_events_by_id(*, seller_id: int, shipment_id: int) -> int:
    """`attach_unmatched_events` for a shipment named by ids (after a commit, in a task)."""
    seller = Seller.objects.get(pk=seller_id)
    shipment = Shipment.objects.for_seller(seller).filter(pk=shipment_id).first()
    if shipment is None:
        return 0
    return attach_unmatched_events(seller=seller, shipment=shipment)


def apply_status_mapping(*, mapping: StatusMapping) -> int:
    """Give the events kept unmapped under `mapping`'s vocabulary and code its status,
    and re-fold their shipments, seller by seller. Returns how many events changed.

    Called when an operator adds or changes a mapping: a platform action across sellers,
    opened through the audited platform scope.
    """
    from portal.models import Seller

    with platform_scope(
        reason=f"Status mapping {mapping.vocabulary} {mapping.raw_code} applied to waiting events"
    ):
        waiting = TrackingEvent.objects.filter(
            vocabulary=mapping.vocabulary, raw_code=mapping.raw_code, status=""
        ).values_list("seller_id", "shipment_id")
        by_seller: dict[int, set[int]] = defaultdict(set)
        for seller_id, shipment_id in waiting:
            by_seller[seller_id].add(shipment_id or 0)
        sellers = Seller.objects.in_bulk(list(by_seller))
    changed = 0
    for seller_id, shipment_ids in sorted(by_seller.items()):
        seller = sellers[seller_id]
        with seller_scope(seller), transaction.atomic():
            changed += (
                TrackingEvent.objects.for_seller(seller)
                .filter(vocabulary=mapping.vocabulary, raw_code=mapping.raw_code, status="")
                .update(status=mapping.status)
            )
            affected = sorted(pk for pk in shipment_ids if pk)
            if affected:
                fold_shipments(seller=seller, shipment_ids=affected)
    return changed
