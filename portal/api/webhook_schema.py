"""The webhook addresses outside /api/v1/ in the OpenAPI document.

Carriers and Shopify call the portal at /webhooks/...: no API key, a signature of the raw
body instead. They are plain Django views, so drf-spectacular does not find them; this
postprocessing hook adds them as paths (they are addresses the portal serves, not calls
it makes, so they are paths and not OpenAPI 3.1 `webhooks`), tagged `webhooks`.
"""

from __future__ import annotations

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


def add_webhook_paths(result, generator, request, public):
    """drf-spectacular postprocessing hook: the webhook addresses join the document's paths."""
    result["paths"][CARRIER_WEBHOOK_PATH] = carrier_webhook_operation()
    result["paths"][SHOPIFY_WEBHOOK_PATH] = shopify_webhook_operation()
    tags = result.setdefault("tags", [])
    if not any(tag.get("name") == "webhooks" for tag in tags):
        tags.append(
            {
                "name": "webhooks",
                "description": "Addresses carriers and Shopify call, signed instead of keyed.",
            }
        )
    return result
