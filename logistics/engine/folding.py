"""The tracking status model and the fold of a shipment's events into its state.

Pure functions, no ORM: the tracking service loads a shipment's events as `FoldEvent`
tuples, calls `fold_events` and writes the result.

The fold depends only on the set of events, never on the order they arrived in:

- events are ordered by event time (ties broken by rank, then by the event's key), so
  any permutation of the same events gives the same state;
- the progress statuses form a chain (info received → … → delivered); the shipment's
  status is the furthest point of the chain reached, so an older event that arrives late
  never moves it backwards;
- `exception`, `attempt_failed`, `undelivered` and `expired` are side states: the
  chronologically last of them holds until a later progress event clears it (the carrier
  moved on: a new delivery attempt, a pick-up);
- `not_found` (a tracker does not know the number yet) sits before "info received" on the
  chain, so any real news replaces it; `available_for_pickup` sits after "out for
  delivery": the parcel waits at a pick-up point until it is collected (delivered);
- `delivered` and `returned` are terminal: nothing after them changes the status (when
  both are present, the later by event time wins);
- the ETA comes from the most recent event (by event time) that carries one, the last
  location from the most recent event that names one;
- `delivered_at` is the event time of the earliest "delivered" event;
- an "arrived at destination port" event whose UN/LOCODE is known and differs from the
  lane's destination port (also known) is an arrival at a transhipment port: it counts as
  "in transit". When either code is unknown the event keeps its status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from logistics.engine.statuses import Status

# Position of each progress status on the chain. A customs hold sits between arrival and
# clearance: clearance after a hold moves forward, a hold after clearance does not undo it.
PROGRESS_RANK: dict[str, int] = {
    Status.NOT_FOUND: 5,
    Status.INFO_RECEIVED: 10,
    Status.PICKED_UP: 20,
    Status.DEPARTED_ORIGIN: 30,
    Status.IN_TRANSIT: 40,
    Status.ARRIVED_DESTINATION_PORT: 50,
    Status.CUSTOMS_HOLD: 55,
    Status.CUSTOMS_CLEARED: 60,
    Status.OUT_FOR_DELIVERY: 70,
    Status.AVAILABLE_FOR_PICKUP: 75,
    Status.DELIVERED: 100,
    Status.RETURNED: 100,
}
TERMINAL = frozenset({Status.DELIVERED, Status.RETURNED})
# States that hold while they are the latest news and give way to any later progress.
SIDE_STATES = frozenset({Status.EXCEPTION, Status.ATTEMPT_FAILED, Status.UNDELIVERED, Status.EXPIRED})
# Statuses that the seller should hear about when they happen.
NOTICE_STATUSES = frozenset({Status.EXCEPTION, Status.CUSTOMS_HOLD})
VALID_STATUSES = frozenset(Status) - {Status.PENDING}


@dataclass(frozen=True, slots=True)
class FoldEvent:
    """What the fold needs of one event. `status` is "" for events that only inform
    (an estimate, an unmapped carrier code); `key` is the event's dedup key."""

    event_time: datetime
    status: str
    key: str
    location: str = ""
    eta: datetime | None = None
    location_code: str = ""


@dataclass(frozen=True, slots=True)
class ShipmentState:
    status: str
    last_event_at: datetime | None
    last_location: str
    eta: datetime | None
    delivered_at: datetime | None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL


EMPTY_STATE = ShipmentState(status="", last_event_at=None, last_location="", eta=None, delivered_at=None)


def effective_status(status: str, location_code: str, destination_port: str) -> str:
    """The status an event means for a shipment bound for `destination_port` (a UN/LOCODE,
    "" when unknown): an arrival at another known port is a transhipment, "in transit"."""
    if (
        status == Status.ARRIVED_DESTINATION_PORT
        and location_code
        and destination_port
        and location_code.strip().upper() != destination_port.strip().upper()
    ):
        return Status.IN_TRANSIT
    return status


def _order(event: FoldEvent) -> tuple:
    return (event.event_time, PROGRESS_RANK.get(event.status, 0), event.status, event.key)


def fold_events(events: Iterable[FoldEvent], destination_port: str = "") -> ShipmentState:
    """The state a shipment is in after `events`, independent of their arrival order.

    `destination_port` is the UN/LOCODE of the lane's destination port ("" when unknown).
    Returns EMPTY_STATE (status "") when there are no events.
    """
    if destination_port:
        events = [
            event
            if (status := effective_status(event.status, event.location_code, destination_port))
            == event.status
            else replace(event, status=status)
            for event in events
        ]
    ordered = sorted(events, key=_order)
    if not ordered:
        return EMPTY_STATE
    progress, rank = "", -1
    terminal = ""
    side_state = ""
    location = ""
    eta = None
    delivered_at = None
    for event in ordered:
        if event.location:
            location = event.location
        if event.eta is not None:
            eta = event.eta
        if event.status == Status.DELIVERED and delivered_at is None:
            delivered_at = event.event_time
        if event.status in TERMINAL:
            # The later terminal event wins: returned after delivered means returned.
            terminal = event.status
        elif terminal or event.status not in VALID_STATUSES:
            continue
        elif event.status in SIDE_STATES:
            side_state = event.status
        else:
            # Any later progress event means the carrier moved on: the side state is over.
            side_state = ""
            if PROGRESS_RANK[event.status] > rank:
                progress, rank = event.status, PROGRESS_RANK[event.status]
    status = terminal or side_state or progress
    return ShipmentState(
        status=str(status),
        last_event_at=ordered[-1].event_time,
        last_location=location,
        eta=eta,
        delivered_at=delivered_at,
    )
