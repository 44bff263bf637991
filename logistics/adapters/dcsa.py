"""Adapter for carriers that publish the DCSA Track & Trace 2.x REST API.

`GET {base_url}/v2/events?transportDocumentReference=...` (or `carrierBookingReference`,
`equipmentReference`) answers a JSON array of shipment, transport and equipment events;
further pages are linked by the `Next-Page` header (a URL or a `cursor` value). Each event
is read by `logistics.dcsa.parse_dcsa_event`.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

import httpx

from logistics.adapters.base import (
    CarrierAdapter,
    FetchedEvents,
    PermanentCarrierError,
    ReferenceType,
    TransientCarrierError,
)
from logistics.engine.dcsa import DcsaFormatError, parse_dcsa_event

logger = logging.getLogger(__name__)

QUERY_PARAMETER = {
    ReferenceType.TRANSPORT_DOCUMENT: "transportDocumentReference",
    ReferenceType.BOOKING: "carrierBookingReference",
    ReferenceType.CONTAINER: "equipmentReference",
}
# Statuses worth another try later: the carrier is overloaded or briefly down.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_PAGES = 50


class DcsaTrackAndTraceAdapter(CarrierAdapter):
    """One carrier's DCSA T&T 2.x endpoint. `api_key`, when given, is sent as a bearer token."""

    def __init__(
        self,
        *,
        carrier_code: str,
        base_url: str,
        api_key: str = "",
        timeout: float = 10.0,
        page_size: int = 100,
        transport: httpx.BaseTransport | None = None,
    ):
        self.carrier_code = carrier_code
        self.base_url = base_url.rstrip("/") + "/"
        self.api_key = api_key
        self.timeout = timeout
        self.page_size = page_size
        self.transport = transport

    def _client(self) -> httpx.Client:
        headers = {"Accept": "application/json", "API-Version": "2"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return httpx.Client(
            base_url=self.base_url, headers=headers, timeout=self.timeout, transport=self.transport
        )

    def fetch(self, *, reference_type: str, reference: str) -> FetchedEvents:
        parameter = QUERY_PARAMETER.get(reference_type)
        if parameter is None:
            raise PermanentCarrierError(f"DCSA Track & Trace cannot look up a {reference_type} reference.")
        events = FetchedEvents()
        position = 0
        url: str | None = "v2/events"
        params: dict[str, str | int] | None = {parameter: reference, "limit": self.page_size}
        with self._client() as client:
            for _page in range(MAX_PAGES):
                body, next_page = self._get(client, url, params)
                for item in body:
                    try:
                        events.append(parse_dcsa_event(item, carrier_code=self.carrier_code))
                    except DcsaFormatError as exc:
                        events.rejected.append((position, str(exc)))
                    position += 1
                if not next_page:
                    break
                if next_page.startswith(("http://", "https://", "/")):
                    url, params = urljoin(self.base_url, next_page), None
                else:
                    url, params = "v2/events", {"cursor": next_page, "limit": self.page_size}
        if events.rejected and not events:
            position, reason = events.rejected[0]
            raise PermanentCarrierError(
                f"{self.carrier_code} sent no event that is DCSA 2.x or 3.0 (item {position}: {reason})"
            )
        return events

    def _get(self, client: httpx.Client, url: str, params) -> tuple[list, str]:
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException as exc:
            raise TransientCarrierError(
                f"{self.carrier_code} did not answer within {self.timeout} s."
            ) from exc
        except httpx.TransportError as exc:
            raise TransientCarrierError(f"{self.carrier_code} is unreachable: {exc}") from exc
        if response.status_code in TRANSIENT_STATUSES:
            raise TransientCarrierError(
                f"{self.carrier_code} answered HTTP {response.status_code}.", status_code=response.status_code
            )
        if response.status_code == 404:
            # DCSA answers an unknown reference with an empty list; some carriers with 404.
            return [], ""
        if response.status_code >= 400:
            raise PermanentCarrierError(
                f"{self.carrier_code} refused the request: HTTP {response.status_code} {response.text[:200]}",
                status_code=response.status_code,
            )
        try:
            body = response.json()
        except ValueError as exc:
            raise PermanentCarrierError(
                f"{self.carrier_code} answered with a body that is not JSON."
            ) from exc
        if not isinstance(body, list):
            raise PermanentCarrierError(
                f"{self.carrier_code} answered with JSON that is not a list of events."
            )
        return body, response.headers.get("Next-Page", "")
