"""Operators cancel transfers from the admin, but only those not yet dispatched."""

from django.urls import reverse

from inventory.services import ledger
from inventory.services.transfers import create_transfer, dispatch_transfer
from inventory.tests.factories import ProductFactory, node
from portal.tests.factories import UserFactory


def test_the_admin_cancels_drafts_and_leaves_dispatched_transfers(client, seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, lamp, node("GWD-SZX"), 50, cause_type="inbound", cause_key="seed")
    draft = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": lamp, "quantity": 5}]
    )
    sent = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-UK", lines=[{"product": lamp, "quantity": 5}]
    )
    dispatch_transfer(seller=seller, transfer=sent)
    client.force_login(UserFactory(username="ops@nggs.example", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:inventory_transfer_changelist"),
        {"action": "cancel_transfers", "_selected_action": [draft.pk, sent.pk]},
        follow=True,
    )
    assert f"Already dispatched, not cancelled: {sent.reference}" in response.content.decode()
    draft.refresh_from_db()
    sent.refresh_from_db()
    assert (draft.status, sent.status) == ("cancelled", "in_transit")
    page = client.get(reverse("admin:inventory_transfer_change", args=[sent.pk]))
    assert page.status_code == 200
    assert "LAMP" in page.content.decode()
