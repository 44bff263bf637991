"""Payloads of the inventory's webhook events (`portal.webhook_events` documents them)."""

from __future__ import annotations

from inventory.models import ChannelOrder, ChannelOrderLine, Transfer, TransferLine
from portal.models import Seller


def order_event(*, seller: Seller, order: ChannelOrder) -> dict:
    """`order.created` / `order.cancelled`: the order as it is now, with its lines."""
    order = (
        ChannelOrder.objects.for_seller(seller).select_related("connection", "marketplace").get(pk=order.pk)
    )
    lines = (
        ChannelOrderLine.objects.for_seller(seller)
        .filter(order=order)
        .order_by("line_number")
        .values("line_number", "channel_sku", "product__sku", "quantity", "quantity_reserved", "unit_price")
    )
    return {
        "order": {
            "id": order.pk,
            "external_id": order.external_id,
            "reference": order.reference,
            "channel": order.connection.channel,
            "connection_id": order.connection_id,
            "marketplace": order.marketplace.code if order.marketplace_id else None,
            "ship_to_country": order.ship_to_country,
            "status": order.status,
            "currency": order.currency,
            "placed_at": order.placed_at,
            "cancelled_at": order.cancelled_at,
            "lines": [
                {
                    "line_number": line["line_number"],
                    "channel_sku": line["channel_sku"],
                    "sku": line["product__sku"],
                    "quantity": line["quantity"],
                    "quantity_reserved": line["quantity_reserved"],
                    "unit_price": line["unit_price"],
                }
                for line in lines
            ],
        }
    }


def transfer_event(*, seller: Seller, transfer: Transfer) -> dict:
    """`transfer.received`: where the units came from and went, and what arrived."""
    transfer = Transfer.objects.for_seller(seller).select_related("from_node", "to_node").get(pk=transfer.pk)
    lines = (
        TransferLine.objects.for_seller(seller)
        .filter(transfer=transfer)
        .order_by("product__sku")
        .values_list("product__sku", "quantity", "quantity_received")
    )
    return {
        "transfer": {
            "id": transfer.pk,
            "reference": transfer.reference,
            "from_node": transfer.from_node.code,
            "to_node": transfer.to_node.code,
            "received_at": transfer.received_at,
            "lines": [
                {"sku": sku, "quantity": quantity, "quantity_received": received}
                for sku, quantity, received in lines
            ],
        }
    }
