"""The events a seller's webhook endpoints can subscribe to, with their payloads.

Each message is a JSON envelope `{"type", "timestamp", "data"}` (the Standard Webhooks
shape); `data` is the event's payload, described here once as a JSON schema with an
example. The OpenAPI document (`portal.api.webhook_schema`) and the "send a test event"
button both read this catalogue, so what is documented is what is sent.

Events are emitted by the service where the thing happens (`portal.services.webhooks.emit_event`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ORDER_CREATED = "order.created"
ORDER_CANCELLED = "order.cancelled"
LISTING_STATE_CHANGED = "listing.state_changed"
SHIPMENT_STATUS_CHANGED = "shipment.status_changed"
TRANSFER_RECEIVED = "transfer.received"
ALLOCATION_PLAN_READY = "allocation_plan.ready"
PROPOSAL_CREATED = "proposal.created"
STOCK_LOW = "stock.low"


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


_S = {"type": "string"}
_I = {"type": "integer"}
_TS = {"type": "string", "format": "date-time"}
_NS = {"type": "string", "nullable": True}
_NTS = {"type": "string", "format": "date-time", "nullable": True}
_DEC = {"type": "string", "nullable": True, "description": "Decimal amount as a string."}

_ORDER = _obj(
    {
        "id": _I,
        "external_id": {**_S, "description": "The channel's order id."},
        "reference": _S,
        "channel": {**_S, "description": "shopify, ebay, tiktok, walmart, temu, shein or marketplace."},
        "connection_id": _I,
        "marketplace": {**_NS, "description": "Marketplace code (US, DE, …) for marketplace orders."},
        "ship_to_country": _S,
        "status": {
            **_S,
            "enum": ["open", "reserved", "partially_reserved", "backordered", "shipped", "cancelled"],
        },
        "currency": _S,
        "placed_at": _TS,
        "cancelled_at": _NTS,
        "lines": {
            "type": "array",
            "items": _obj(
                {
                    "line_number": _I,
                    "channel_sku": _S,
                    "sku": {**_NS, "description": "Our SKU; null while the channel SKU is unmapped."},
                    "quantity": _I,
                    "quantity_reserved": _I,
                    "unit_price": _DEC,
                }
            ),
        },
    }
)
_ORDER_EXAMPLE = {
    "id": 4182,
    "external_id": "5731948620011",
    "reference": "#1042",
    "channel": "shopify",
    "connection_id": 7,
    "marketplace": None,
    "ship_to_country": "US",
    "status": "reserved",
    "currency": "USD",
    "placed_at": "2026-12-04T09:12:44Z",
    "cancelled_at": None,
    "lines": [
        {
            "line_number": 1,
            "channel_sku": "BH-LAMP-01",
            "sku": "BH-LAMP-01",
            "quantity": 2,
            "quantity_reserved": 2,
            "unit_price": "39.90",
        }
    ],
}


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    description: str
    schema: dict
    example: dict = field(default_factory=dict)


EVENT_TYPES: dict[str, EventType] = {
    event.name: event
    for event in [
        EventType(
            ORDER_CREATED,
            _("Order created"),
            _("A channel order was received and its stock reserved (or backordered)."),
            _obj({"order": _ORDER}),
            {"order": _ORDER_EXAMPLE},
        ),
        EventType(
            ORDER_CANCELLED,
            _("Order cancelled"),
            _("A channel order was cancelled; its reserved units are available again."),
            _obj({"order": _ORDER}),
            {"order": {**_ORDER_EXAMPLE, "status": "cancelled", "cancelled_at": "2026-12-04T11:02:10Z"}},
        ),
        EventType(
            LISTING_STATE_CHANGED,
            _("Listing state changed"),
            _("A listing became live, blocked, paused, suppressed or ended (one event per listing)."),
            _obj(
                {
                    "listing": _obj(
                        {
                            "id": _I,
                            "sku": _S,
                            "marketplace": _S,
                            "marketplace_sku": _S,
                            "state": _S,
                            "previous_state": _NS,
                            "blocked_reasons": {"type": "array", "items": {}},
                        }
                    )
                }
            ),
            {
                "listing": {
                    "id": 90211,
                    "sku": "BH-LAMP-01",
                    "marketplace": "DE",
                    "marketplace_sku": "BH-LAMP-01-DE",
                    "state": "live",
                    "previous_state": "blocked",
                    "blocked_reasons": [],
                }
            },
        ),
        EventType(
            SHIPMENT_STATUS_CHANGED,
            _("Shipment status changed"),
            _("A shipment's tracking status moved (picked up, in transit, customs hold, delivered, …)."),
            _obj(
                {
                    "shipment": _obj(
                        {
                            "id": _I,
                            "reference": _S,
                            "tracking_number": _S,
                            "status": _S,
                            "previous_status": _S,
                            "last_location": _S,
                            "last_event_at": _NTS,
                            "eta": _NTS,
                        }
                    )
                }
            ),
            {
                "shipment": {
                    "id": 311,
                    "reference": "SHP-2026-0311",
                    "tracking_number": "SEND7781203456",
                    "status": "customs_cleared",
                    "previous_status": "customs_hold",
                    "last_location": "Los Angeles, US",
                    "last_event_at": "2026-12-03T22:15:00Z",
                    "eta": "2026-12-08T00:00:00Z",
                }
            },
        ),
        EventType(
            TRANSFER_RECEIVED,
            _("Transfer received"),
            _("A stock transfer arrived: its units are on hand at the destination node."),
            _obj(
                {
                    "transfer": _obj(
                        {
                            "id": _I,
                            "reference": _S,
                            "from_node": _S,
                            "to_node": _S,
                            "received_at": _TS,
                            "lines": {
                                "type": "array",
                                "items": _obj({"sku": _S, "quantity": _I, "quantity_received": _I}),
                            },
                        }
                    )
                }
            ),
            {
                "transfer": {
                    "id": 58,
                    "reference": "TR-20261201-0058",
                    "from_node": "GWD-SZ",
                    "to_node": "FC-US-WEST",
                    "received_at": "2026-12-04T06:40:00Z",
                    "lines": [{"sku": "BH-LAMP-01", "quantity": 120, "quantity_received": 118}],
                }
            },
        ),
        EventType(
            ALLOCATION_PLAN_READY,
            _("Allocation plan ready"),
            _("An allocation plan was computed and waits for sign-off (or was applied by a policy)."),
            _obj(
                {
                    "plan": _obj(
                        {
                            "id": _I,
                            "status": _S,
                            "lines": _I,
                            "units": _I,
                            "created_at": _TS,
                        }
                    )
                }
            ),
            {
                "plan": {
                    "id": 12,
                    "status": "proposed",
                    "lines": 46,
                    "units": 3120,
                    "created_at": "2026-12-04T02:00:00Z",
                }
            },
        ),
        EventType(
            PROPOSAL_CREATED,
            _("Proposal created"),
            _("The assistant proposed an action (a price, a market to enter, stock to move) for sign-off."),
            _obj(
                {
                    "proposal": _obj(
                        {
                            "id": _I,
                            "kind": _S,
                            "summary": _S,
                            "reason": _S,
                            "expires_at": _NTS,
                        }
                    )
                }
            ),
            {
                "proposal": {
                    "id": 77,
                    "kind": "reprice",
                    "summary": "BH-LAMP-01 on DE: 39.90 → 37.90 EUR",
                    "reason": "Expected profit +12% at the lower price.",
                    "expires_at": "2026-12-11T00:00:00Z",
                }
            },
        ),
        EventType(
            STOCK_LOW,
            _("Stock low"),
            _("A product's days of cover in the global pool fell below the 28-day band."),
            _obj(
                {
                    "stock": _obj(
                        {
                            "sku": _S,
                            "available": _I,
                            "days_of_cover": {"type": "number"},
                            "band_days": _I,
                        }
                    )
                }
            ),
            {"stock": {"sku": "BH-LAMP-01", "available": 140, "days_of_cover": 17.5, "band_days": 28}},
        ),
    ]
}


def event_choices() -> list[tuple[str, str]]:
    return [(name, f"{name} — {event.label}") for name, event in EVENT_TYPES.items()]


# The names as one choice set (the API's filters and fields; the OpenAPI enum).
EVENT_NAMES = list(EVENT_TYPES)
