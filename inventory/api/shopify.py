"""Webhook endpoints that channels call: no session, no CSRF token, a signature instead."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from inventory.services.shopify import WebhookRejected, receive_webhook
from portal.tenancy import not_tenant_object_view

MAX_BODY_BYTES = 5 * 1024 * 1024
# Refusals carry the API's error shape, so one client parser reads every error we send.
ERROR_CODES = {400: "invalid", 401: "bad_signature", 404: "not_found", 413: "too_large"}


def _error(status: int, detail: str, fields: dict | None = None) -> JsonResponse:
    return JsonResponse(
        {"code": ERROR_CODES.get(status, "error"), "detail": detail, "fields": fields or {}}, status=status
    )


@not_tenant_object_view("a Shopify webhook: the UUID names the connection, the HMAC proves the sender")
@csrf_exempt
@require_POST
def shopify_webhook(request, connection_uuid):
    """`orders/create` and `orders/cancelled` from a Shopify shop (see inventory.services.shopify).

    Answers 200 when the delivery is applied or already was (with the order's id either
    way), 401 for a bad signature, 404 for an unknown address, 400 for a body that is not a
    Shopify order, with every error by field in `fields`.
    """
    length = (request.headers.get("Content-Length") or "0").strip()
    if not length.isdigit():
        # Checked before the signature: the header is read before the body.
        return _error(
            400, "Content-Length is not a number.", {"Content-Length": ["A whole number of bytes."]}
        )
    if int(length) > MAX_BODY_BYTES:
        return _error(413, "The body is too large.")
    try:
        outcome = receive_webhook(
            connection_uuid=connection_uuid,
            topic=request.headers.get("X-Shopify-Topic", ""),
            webhook_id=request.headers.get("X-Shopify-Webhook-Id", ""),
            hmac_header=request.headers.get("X-Shopify-Hmac-Sha256"),
            body=request.body,
        )
    except WebhookRejected as rejected:
        return _error(rejected.status, rejected.reason)
    if outcome.status >= 400:
        return _error(outcome.status, outcome.detail, outcome.fields)
    return JsonResponse(
        {"detail": outcome.detail, "order": outcome.order_id, "duplicate": outcome.duplicate},
        status=outcome.status,
    )
