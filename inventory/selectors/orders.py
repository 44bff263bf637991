"""Reads of channel orders for the pages: one seller's rows, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, DecimalField, F, Min, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from inventory.models import ChannelConnection, ChannelOrder, ChannelOrderLine, OrderAllocation
from portal.models import Seller


def order_list(*, seller: Seller, channel: str = "", status: str = "") -> QuerySet[ChannelOrder]:
    orders = (
        ChannelOrder.objects.for_seller(seller)
        .select_related("connection", "marketplace")
        .annotate(
            line_count=Count("lines__id"),
            unmapped_lines=Count("lines__id", filter=Q(lines__product__isnull=True)),
            units=Sum("lines__quantity"),
            # What the buyer pays for the goods (lines without a price count as nothing).
            amount=Sum(F("lines__quantity") * F("lines__unit_price"), output_field=DecimalField()),
            first_title=Min("lines__title"),
        )
        .order_by("-created_at", "-id")
    )
    if channel:
        orders = orders.filter(connection__channel=channel)
    if status:
        orders = orders.filter(status=status)
    return orders


def access_order(*, seller: Seller, order_id: int) -> ChannelOrder:
    """The seller's order with its lines and allocations; 404 for a missing or foreign one."""
    lines = ChannelOrderLine.objects.for_seller(seller).select_related("product").order_by("line_number")
    allocations = OrderAllocation.objects.for_seller(seller).select_related("node")
    orders = (
        ChannelOrder.objects.for_seller(seller)
        .select_related("connection", "marketplace")
        .prefetch_related(
            Prefetch("lines", queryset=lines), Prefetch("lines__allocations", queryset=allocations)
        )
    )
    return get_object_or_404(orders, pk=order_id)


def connection_list(*, seller: Seller) -> QuerySet[ChannelConnection]:
    return (
        ChannelConnection.objects.for_seller(seller)
        .annotate(order_count=Count("orders"))
        .order_by("channel", "name")
    )


def access_connection(*, seller: Seller, connection_id: int) -> ChannelConnection:
    return get_object_or_404(ChannelConnection.objects.for_seller(seller), pk=connection_id)
