"""Demo channel orders: seed_demo adds a shop, a marketplace feed and orders; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from inventory.models import ChannelConnection, ChannelOrder, OrderAllocation, SalesDay, StockMovement

pytestmark = pytest.mark.django_db


def snapshot():
    with scopes_disabled():
        return {
            "connections": sorted(
                ChannelConnection.objects.values_list("seller__slug", "name", "webhook_secret")
            ),
            "orders": sorted(ChannelOrder.objects.values_list("seller__slug", "external_id", "status")),
            "allocations": OrderAllocation.objects.count(),
            "movements": StockMovement.objects.count(),
            "sales": sorted(
                SalesDay.objects.values_list(
                    "seller__slug", "product__sku", "marketplace__code", "day", "units"
                )
            ),
        }


def test_demo_orders_are_seeded_once():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    assert len(first["orders"]) == 10  # five per demo seller
    assert {status for *_, status in first["orders"]} & {"reserved", "partially_reserved", "backordered"}
    assert first["allocations"] > 0
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
