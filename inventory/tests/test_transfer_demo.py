"""Demo data: each demo seller has one transfer GWD-SZX → FC-US on its way; seeding again adds nothing."""

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from inventory.models import StockMovement, Transfer
from inventory.services.reconciliation import find_mismatches
from logistics.models import Shipment

pytestmark = pytest.mark.django_db


def snapshot():
    with scopes_disabled():
        return {
            "transfers": sorted(
                Transfer.objects.values_list(
                    "seller__slug",
                    "reference",
                    "from_node__code",
                    "to_node__code",
                    "status",
                    "shipment__purpose",
                )
            ),
            "shipments": Shipment.objects.filter(
                purpose="transfer", source_reference="DEMO-TRF-US-1"
            ).count(),
            "movements": StockMovement.objects.filter(cause_type="transfer").count(),
        }


def test_the_demo_transfer_is_seeded_once_and_dispatched():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    assert first["transfers"]
    assert {row[1:] for row in first["transfers"]} == {
        ("DEMO-TRF-US-1", "GWD-SZX", "FC-US", "in_transit", "transfer")
    }
    assert first["shipments"] == len(first["transfers"])
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert find_mismatches() == []
