"""The webhook addresses outside /api/v1/ in the OpenAPI document.

Carriers and Shopify call the portal at /webhooks/...: no API key, a signature of the raw
body instead. They are plain Django views, so drf-spectacular does not find them; this
postprocessing hook adds them as paths (they are addresses the portal serves, not calls
it makes, so they are paths and not OpenAPI 3.1 `webhooks`), tagged `webhooks`.

The calls the portal makes — the signed events sent to sellers' webhook endpoints — are
described under `x-webhooks`, one operation per event type of `portal.webhook_events`.
"""

from __future__ import annotations

from portal.webhook_events import EVENT_TYPES

CARRIER_WEBHOOK_PATH = "/webhooks/carriers/{carrier_code}/"
SHOPIFY_WEBHOOK_PATH = "/webhooks/shopify/{connection_uuid}/"


def _header(name: str, description: str, *, required: bool = True) -> dict:
    return {
        "in": "header",
        "name": name,
        "required": required,
        "schema": {"type": "string"},
        "description": description,
    }


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def carrier_webhook_operation() -> dict:
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "post": {
            "operationId": "webhooks_carriers_create",
            "tags": ["webhooks"],
            "summary": "A carrier's tracking events for one seller, signed with the webhook's secret",
            "description": (
                'Body: `{"events": [...]}` in the format of `POST /api/v1/tracking-events/` (the '
                "`carrier` of each event is taken from the webhook), or a bare JSON list of DCSA Track & "
                "Trace 2.x events. Up to 1,000 events, answered per event as that endpoint answers. "
                "Sign the raw body: `X-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`. "
                "A missing or wrong signature, an unknown or inactive webhook id, or a carrier code that "
                "is not the webhook's answers 401 and records nothing."
            ),
            "security": [],
            "parameters": [
                {
                    "in": "path",
                    "name": "carrier_code",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                    "description": "The carrier's code as the webhook was set up: MAEU, SEND.",
                },
                _header("X-Webhook-Id", "The webhook's public id, given with its secret when it was set up."),
                _header(
                    "X-Signature",
                    "`sha256=` and the hex HMAC-SHA256 of the raw body with the webhook's secret. "
                    "DCSA senders may send the same value as `Notification-Signature` instead.",
                    required=False,
                ),
                _header("Notification-Signature", "DCSA's name for `X-Signature`.", required=False),
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/BatchInRequest"},
                                {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
                            ]
                        }
                    }
                },
            },
            "responses": {
                "200": _json(
                    {"$ref": "#/components/schemas/BatchOut"}, "Each event accepted, duplicate or rejected."
                ),
                "400": _json(
                    error, "The body is not JSON, not a list of events, empty or too long (`invalid`)."
                ),
                "401": _json(error, "The webhook id or the signature does not match (`bad_signature`)."),
                "405": {"description": "Only POST is answered."},
            },
        }
    }


def shopify_webhook_operation() -> dict:
    answer = {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "order": {"type": "integer", "nullable": True, "description": "The channel order's id, if any."},
            "duplicate": {"type": "boolean", "description": "This X-Shopify-Webhook-Id was received before."},
        },
        "required": ["detail"],
    }
    rejected = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    return {
        "post": {
            "operationId": "webhooks_shopify_create",
            "tags": ["webhooks"],
            "summary": "Shopify's orders/create and orders/cancelled for one channel connection",
            "description": (
                "The address is shown on the Shopify connection's page; its UUID names the connection. "
                "Shopify signs the raw body: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the body "
                "with the connection's webhook secret (the app's client secret). A delivery is applied "
                "once: a repeated `X-Shopify-Webhook-Id` answers 200 and changes nothing; other topics are "
                "accepted and ignored."
            ),
            "security": [],
            "parameters": [
                {
                    "in": "path",
                    "name": "connection_uuid",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                    "description": "The Shopify connection's webhook address.",
                },
                _header("X-Shopify-Topic", "`orders/create` or `orders/cancelled`."),
                _header("X-Shopify-Webhook-Id", "The delivery's id; a repeat is applied once."),
                _header(
                    "X-Shopify-Hmac-Sha256", "Base64 HMAC-SHA256 of the raw body with the webhook secret."
                ),
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": {},
                            "description": "A Shopify order.",
                        }
                    }
                },
            },
            "responses": {
                "200": _json(answer, "Applied, already received, or a topic the portal does not use."),
                "400": _json(answer, "The body is not a Shopify order, or the webhook id is missing."),
                "401": _json(rejected, "The signature does not match; nothing is stored."),
                "404": _json(rejected, "No active Shopify connection has this address."),
                "413": _json(rejected, "The body is larger than 5 MB."),
            },
        }
    }


def outgoing_event_operation(event) -> dict:
    """What the portal POSTs to a seller's endpoint for one event type."""
    body = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": [event.name]},
            "timestamp": {"type": "string", "format": "date-time"},
            "test": {"type": "boolean", "description": "Present and true on a test event only."},
            "data": event.schema,
        },
        "required": ["type", "timestamp", "data"],
    }
    return {
        "post": {
            "operationId": f"webhook_event_{event.name.replace('.', '_')}",
            "tags": ["webhooks"],
            "summary": str(event.label),
            "description": (
                f"{event.description} Signed by the Standard Webhooks scheme: verify "
                "`webhook-signature` over `<webhook-id>.<webhook-timestamp>.<raw body>` with the "
                "endpoint's `whsec_` secret (any Standard Webhooks library does it), reject a "
                "timestamp more than five minutes off, and treat a repeated `webhook-id` as a repeat. "
                "Answer 2xx within 10 seconds; anything else (a redirect too) is retried after "
                "30 s, 1.5 min, 4.5 min, 13.5 min, 40.5 min, 2 h, 6 h and 18 h."
            ),
            "parameters": [
                _header("webhook-id", "The message id (`msg_…`), the same on every retry."),
                _header("webhook-timestamp", "Seconds since the epoch when this attempt was signed."),
                _header("webhook-signature", "`v1,<base64 HMAC-SHA256>`."),
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": body,
                        "example": {
                            "type": event.name,
                            "timestamp": "2026-12-04T09:12:45Z",
                            "data": event.example,
                        },
                    }
                },
            },
            "responses": {
                "2XX": {"description": "Received; the message is not sent again."},
                "default": {"description": "Not received: retried on the schedule above."},
            },
        }
    }


def add_webhook_paths(result, generator, request, public):
    """drf-spectacular postprocessing hook: the webhook addresses join the document's paths,
    and the events the portal sends to sellers' endpoints are described under `x-webhooks`
    (OpenAPI 3.0 has no `webhooks` object; `x-webhooks` is the extension tools read for it)."""
    result["paths"][CARRIER_WEBHOOK_PATH] = carrier_webhook_operation()
    result["paths"][SHOPIFY_WEBHOOK_PATH] = shopify_webhook_operation()
    result["x-webhooks"] = {name: outgoing_event_operation(event) for name, event in EVENT_TYPES.items()}
    tags = result.setdefault("tags", [])
    if not any(tag.get("name") == "webhooks" for tag in tags):
        tags.append(
            {
                "name": "webhooks",
                "description": "Addresses carriers and Shopify call, signed instead of keyed.",
            }
        )
    return result
