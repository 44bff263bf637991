"""The interface of a carrier adapter: pull a shipment's tracking events from a carrier's API.

An adapter is one module per public format (`dcsa.py` for DCSA Track & Trace 2.x). It knows
how to ask the carrier and how to read its answer into `RawEvent`s; it never touches the
database. The tracking service records the events like any others (dedup, mapping, fold).

Errors are typed so the polling task knows what to do:
- `TransientCarrierError`: the carrier was unreachable, slow or overloaded (time-out,
  connection refused, HTTP 5xx or 429) — try again later, with backoff;
- `PermanentCarrierError`: asking again will not help (HTTP 4xx such as an unknown
  reference or a refused key, a body that is not the documented format).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class ReferenceType:
    """The kinds of reference an event may name (the values of ShipmentReference.Kind)."""

    BOOKING = "booking"
    TRANSPORT_DOCUMENT = "transport_document"
    CONTAINER = "container"
    TRACKING_NUMBER = "tracking"

    ALL = (BOOKING, TRANSPORT_DOCUMENT, CONTAINER, TRACKING_NUMBER)


@dataclass(frozen=True)
class RawEvent:
    """One carrier event as read from the carrier, before dedup and mapping.

    `references` are (reference type, value) pairs, the most specific first: the event is
    attached to the shipment that holds any of them. `raw_code` is looked up in the status
    mapping table under `code_list` (the carrier's own code, or "DCSA" for the carriers that
    speak the DCSA standard); `status` may carry a status already normalised
    (our own statuses, for sources that send them). `eta` is an estimate of arrival.
    `location_code` is the UN/LOCODE of the event's place, when the carrier names one.
    """

    carrier_code: str
    raw_code: str
    event_time: datetime
    references: tuple[tuple[str, str], ...]
    external_id: str = ""
    status: str = ""
    location: str = ""
    eta: datetime | None = None
    description: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    code_list: str = ""
    location_code: str = ""

    @property
    def mapping_key(self) -> str:
        return self.code_list or self.carrier_code


class CarrierError(Exception):
    """A carrier could not give the events. `retryable` tells the caller whether to retry."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


class TransientCarrierError(CarrierError):
    retryable = True


class PermanentCarrierError(CarrierError):
    retryable = False


class FetchedEvents(list):
    """The events a fetch could read, in the carrier's order, and the ones it could not.

    A list of RawEvent (so callers that only want the events use it as one); `rejected`
    holds `(position, reason)` of each item the carrier sent that breaks its format: one bad
    event never costs the good ones of the same answer.
    """

    def __init__(self, events=(), rejected=()):
        super().__init__(events)
        self.rejected: list[tuple[int, str]] = list(rejected)


class CarrierAdapter(abc.ABC):
    """Pulls events for one reference from one carrier's API."""

    carrier_code: str

    @abc.abstractmethod
    def fetch(self, *, reference_type: str, reference: str) -> list[RawEvent]:
        """Every event the carrier has for the reference, in the carrier's order.

        Raises TransientCarrierError or PermanentCarrierError; an unknown reference that
        the carrier answers with an empty list is not an error. An adapter may return
        `FetchedEvents` to report items it had to refuse beside the good ones.
        """
