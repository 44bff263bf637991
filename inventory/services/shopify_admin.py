"""Shopify's GraphQL Admin API: the two calls that report a shipment to a shop.

1. `order.fulfillmentOrders` — what is left to fulfil of the order, per fulfilment order,
   with each fulfilment order line's Shopify line item;
2. `fulfillmentCreate` — fulfil those lines with the tracking number (and carrier, URL),
   notifying the buyer.

Requests carry `X-Shopify-Access-Token`; time-outs are short; redirects and proxies from
the environment are not followed. The HTTP client is made by `http_client()`, which the
tests replace with a fake Shopify at the transport.
"""

from __future__ import annotations

import httpx
from django.conf import settings

TIMEOUT_SECONDS = 20.0

FULFILLMENT_ORDERS_QUERY = """
query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 20) {
      nodes {
        id
        status
        supportedActions { action }
        lineItems(first: 100) {
          nodes { id remainingQuantity lineItem { id } }
        }
      }
    }
  }
}
"""

FULFILLMENT_CREATE_MUTATION = """
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}
"""


class ShopifyError(Exception):
    """The shop did not accept the call. `retry`: worth another try later (throttled, down)."""

    def __init__(self, message: str, *, status_code: int | None = None, retry: bool = True):
        self.message = message
        self.status_code = status_code
        self.retry = retry
        super().__init__(message)


def http_client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False, trust_env=False)


def _gid_number(gid: str) -> str:
    return str(gid).rsplit("/", 1)[-1]


def graphql(*, shop_domain: str, token: str, query: str, variables: dict) -> dict:
    """The `data` of one GraphQL call. Raises ShopifyError (with the HTTP status if any)."""
    url = f"https://{shop_domain}/admin/api/{settings.SHOPIFY_API_VERSION}/graphql.json"
    try:
        with http_client() as client:
            response = client.post(
                url,
                json={"query": query, "variables": variables},
                headers={"X-Shopify-Access-Token": token, "Accept": "application/json"},
            )
    except httpx.HTTPError as exc:
        raise ShopifyError(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise ShopifyError(
            f"Shopify answered {response.status_code}: {response.text[:300]}",
            status_code=response.status_code,
        )
    try:
        body = response.json()
    except ValueError as exc:
        raise ShopifyError("Shopify's answer is not JSON.", status_code=200) from exc
    if body.get("errors"):
        messages = "; ".join(str(error.get("message", error)) for error in body["errors"])
        raise ShopifyError(f"Shopify refused the call: {messages}", status_code=200)
    return body.get("data") or {}


def fulfilment_plan(fulfillment_orders: list[dict], lines: dict[str, int]) -> list[dict]:
    """`lineItemsByFulfillmentOrder` entries covering `lines` (Shopify line item id → units).

    With no line ids known, every open fulfilment order is fulfilled whole.
    """
    open_orders = [
        fo
        for fo in fulfillment_orders
        if "CREATE_FULFILLMENT" in {action.get("action") for action in fo.get("supportedActions") or []}
    ]
    if not lines:
        return [{"fulfillmentOrderId": fo["id"]} for fo in open_orders]
    remaining = {str(key): int(value) for key, value in lines.items()}
    plan = []
    for fo in open_orders:
        items = []
        for item in (fo.get("lineItems") or {}).get("nodes") or []:
            line_id = _gid_number((item.get("lineItem") or {}).get("id", ""))
            quantity = min(remaining.get(line_id, 0), int(item.get("remainingQuantity") or 0))
            if quantity > 0:
                items.append({"id": item["id"], "quantity": quantity})
                remaining[line_id] -= quantity
        if items:
            plan.append({"fulfillmentOrderId": fo["id"], "fulfillmentOrderLineItems": items})
    return plan


def create_fulfilments(
    *,
    shop_domain: str,
    token: str,
    order_id: str,
    lines: dict[str, int],
    tracking_number: str = "",
    tracking_company: str = "",
    tracking_url: str = "",
) -> list[str]:
    """Fulfil the shipped lines of a Shopify order with the tracking details; the new
    fulfilments' ids. An order with nothing left to fulfil answers [] (already reported).

    Raises ShopifyError; `retry=False` when the shop refused the content (unknown order,
    user errors), which another try would not change.
    """
    data = graphql(
        shop_domain=shop_domain,
        token=token,
        query=FULFILLMENT_ORDERS_QUERY,
        variables={"id": f"gid://shopify/Order/{order_id}"},
    )
    order = data.get("order")
    if order is None:
        raise ShopifyError(f"The shop has no order {order_id}.", retry=False)
    plan = fulfilment_plan((order.get("fulfillmentOrders") or {}).get("nodes") or [], lines)
    tracking = {
        key: value
        for key, value in (("number", tracking_number), ("company", tracking_company), ("url", tracking_url))
        if value
    }
    created = []
    # One fulfilment per fulfilment order: Shopify takes several in one call only when they
    # share a location, which we cannot know.
    for entry in plan:
        fulfillment = {"lineItemsByFulfillmentOrder": [entry], "notifyCustomer": True}
        if tracking:
            fulfillment["trackingInfo"] = tracking
        result = (
            graphql(
                shop_domain=shop_domain,
                token=token,
                query=FULFILLMENT_CREATE_MUTATION,
                variables={"fulfillment": fulfillment},
            ).get("fulfillmentCreate")
            or {}
        )
        errors = result.get("userErrors") or []
        if errors:
            messages = "; ".join(f"{'.'.join(e.get('field') or [])}: {e.get('message')}" for e in errors)
            raise ShopifyError(f"Shopify refused the fulfilment: {messages}", status_code=200, retry=False)
        created.append((result.get("fulfillment") or {}).get("id", ""))
    return created
