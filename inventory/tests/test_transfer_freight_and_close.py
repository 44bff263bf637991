"""A transfer follows its freight's booking and cancellation, and a short receipt can be closed."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventory.models import StockBalance, StockMovement, Transfer, TransferLine
from inventory.services import ledger
from inventory.services.reconciliation import find_mismatches
from inventory.services.transfers import close_transfer, create_transfer, dispatch_transfer, receive_transfer
from inventory.tests.factories import ProductFactory, node
from logistics.models import Shipment
from logistics.services.shipments import book_shipment, cancel_shipment
from logistics.signals import shipment_booked, shipment_cancelled
from logistics.tests.factories import LaneFactory
from portal.exceptions import Conflict
from portal.models import AuditEvent
from portal.services.api_keys import create_api_key

CARTON = {"weight_g": 9000, "length_mm": 500, "width_mm": 400, "height_mm": 300}


def stock(seller, product, code):
    row = StockBalance.objects.for_seller(seller).filter(product=product, node=node(code)).first()
    return (row.on_hand, row.in_transit) if row else (0, 0)


@pytest.fixture
def products(seller):
    lamp, fan = ProductFactory(seller=seller, sku="LAMP"), ProductFactory(seller=seller, sku="FAN")
    for product, quantity in ((lamp, 200), (fan, 30)):
        ledger.receive(
            seller, product, node("GWD-SZX"), quantity, cause_type="inbound", cause_key=f"seed:{product.pk}"
        )
    return lamp, fan


def dispatched(seller, products, reference="TRF-F-1"):
    lamp, fan = products
    transfer = create_transfer(
        seller=seller,
        reference=reference,
        from_node="GWD-SZX",
        to_node="FC-US",
        lines=[{"product": lamp, "quantity": 60}, {"product": fan, "quantity": 10}],
    )
    lane = LaneFactory(origin_country="CN", destination_country="US")
    return dispatch_transfer(seller=seller, transfer=transfer, cartons=[CARTON], lane=lane)


def received_short(seller, products):
    lamp, fan = products
    transfer = dispatched(seller, products)
    receive_transfer(seller=seller, transfer=transfer, quantities={lamp.pk: 55, fan.pk: 10})
    transfer.refresh_from_db()
    return transfer


def test_booking_the_freight_records_it_on_the_transfer_once(
    seller, products, django_capture_on_commit_callbacks
):
    transfer = dispatched(seller, products)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        book_shipment(seller=seller, shipment=transfer.shipment, booking_number="BK-7")
    transfer.refresh_from_db()
    assert transfer.booked_at is None  # nothing is told before the booking commits
    for callback in callbacks:
        callback()
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"
    assert transfer.booked_at == Shipment.objects.for_seller(seller).get(pk=transfer.shipment_id).booked_at
    first = transfer.booked_at
    # A replayed signal changes nothing.
    shipment_booked.send(sender=Shipment, shipment=transfer.shipment)
    transfer.refresh_from_db()
    assert transfer.booked_at == first
    assert AuditEvent.objects.for_seller(seller).filter(action="inventory.transfer_booked").count() == 1


def test_a_cancelled_freight_puts_the_units_back_at_the_source_once(
    seller, products, django_capture_on_commit_callbacks
):
    lamp, fan = products
    transfer = dispatched(seller, products)
    assert stock(seller, lamp, "GWD-SZX") == (140, 0)
    assert stock(seller, lamp, "FC-US") == (0, 60)
    with django_capture_on_commit_callbacks(execute=True):
        book_shipment(seller=seller, shipment=transfer.shipment)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_shipment(seller=seller, shipment=transfer.shipment)
    shipment_cancelled.send(sender=Shipment, shipment=transfer.shipment)  # a replay
    assert stock(seller, lamp, "GWD-SZX") == (200, 0)
    assert stock(seller, fan, "GWD-SZX") == (30, 0)
    assert stock(seller, lamp, "FC-US") == (0, 0)
    transfer.refresh_from_db()
    assert (transfer.status, transfer.cancelled_at is not None) == ("cancelled", True)
    back = StockMovement.objects.for_seller(seller).filter(cause_key__endswith=":back")
    assert sorted((m.kind, m.node.code, m.quantity) for m in back) == [
        ("transfer_in", "GWD-SZX", 10),
        ("transfer_in", "GWD-SZX", 60),
    ]
    assert find_mismatches() == []


def test_a_cancelled_hand_made_shipment_naming_the_transfer_changes_nothing(
    seller, products, django_capture_on_commit_callbacks
):
    from logistics.services.shipments import create_shipment

    lamp, _fan = products
    transfer = dispatched(seller, products)
    stray = create_shipment(
        seller=seller,
        purpose="transfer",
        source_reference=transfer.reference,
        origin_country="CN",
        destination_country="US",
        destination_code="FC-US",
        items=[{"product_id": lamp.pk, "quantity": 60}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_shipment(seller=seller, shipment=stray)
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"
    assert stock(seller, lamp, "GWD-SZX") == (140, 0)


def test_another_sellers_cancelled_freight_cannot_touch_my_transfer(
    seller, other_seller, products, django_capture_on_commit_callbacks
):
    lamp, _fan = products
    transfer = dispatched(seller, products)
    theirs = ProductFactory(seller=other_seller, sku="LAMP")
    ledger.receive(other_seller, theirs, node("GWD-SZX"), 100, cause_type="inbound", cause_key="seed-theirs")
    their_fan = ProductFactory(seller=other_seller, sku="FAN")
    ledger.receive(other_seller, their_fan, node("GWD-SZX"), 10, cause_type="inbound", cause_key="seed-fan")
    their_transfer = dispatched(other_seller, (theirs, their_fan), "TRF-F-1")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_shipment(seller=other_seller, shipment=their_transfer.shipment)
    with pytest.raises(Shipment.DoesNotExist):
        cancel_shipment(seller=other_seller, shipment=transfer.shipment)
    transfer.refresh_from_db()
    their_transfer.refresh_from_db()
    assert (transfer.status, their_transfer.status) == ("in_transit", "cancelled")
    assert stock(seller, lamp, "GWD-SZX") == (140, 0)
    assert stock(other_seller, theirs, "GWD-SZX") == (100, 0)


def test_closing_a_short_receipt_writes_the_missing_units_off_once(seller, products, owner):
    lamp, fan = products
    transfer = received_short(seller, products)
    assert stock(seller, lamp, "FC-US") == (55, 5)
    closed = close_transfer(seller=seller, transfer=transfer, actor=owner, reason="")
    assert (closed.status, closed.close_reason, closed.closed_at is not None) == (
        "received",
        "lost in transit",
        True,
    )
    assert stock(seller, lamp, "FC-US") == (55, 0)
    assert stock(seller, fan, "FC-US") == (10, 0)
    lost = StockMovement.objects.for_seller(seller).get(
        cause_key=f"transfer:{transfer.pk}:product:{lamp.pk}:lost"
    )
    assert (lost.kind, lost.quantity, lost.in_transit_delta, lost.on_hand_delta, lost.reason) == (
        "damage",
        5,
        -5,
        0,
        "lost in transit",
    )
    lines = dict(
        TransferLine.objects.for_seller(seller)
        .filter(transfer=transfer)
        .values_list("product_id", "quantity_lost")
    )
    assert lines == {lamp.pk: 5, fan.pk: 0}
    assert close_transfer(seller=seller, transfer=transfer, actor=owner).closed_at == closed.closed_at
    assert StockMovement.objects.for_seller(seller).filter(kind="damage").count() == 1
    assert AuditEvent.objects.for_seller(seller).filter(action="inventory.transfer_closed").count() == 1
    assert find_mismatches() == []


def test_only_a_short_receipt_can_be_closed(seller, other_seller, products, owner):
    lamp, fan = products
    transfer = dispatched(seller, products)
    with pytest.raises(Conflict):
        close_transfer(seller=seller, transfer=transfer, actor=owner)
    receive_transfer(seller=seller, transfer=transfer, quantities={lamp.pk: 50, fan.pk: 10})
    with pytest.raises(Transfer.DoesNotExist):
        close_transfer(seller=other_seller, transfer=transfer, actor=owner)
    assert stock(seller, lamp, "FC-US") == (50, 10)
    full = dispatched(seller, products, "TRF-F-2")
    receive_transfer(seller=seller, transfer=full, quantities={lamp.pk: 60, fan.pk: 10})
    with pytest.raises(Conflict):
        close_transfer(seller=seller, transfer=full, actor=owner)


def test_the_page_shows_the_close_button_to_writers_and_closes(
    owner_client, seller, products, make_member, client
):
    lamp, _fan = products
    transfer = received_short(seller, products)
    url = reverse("inventory:transfer_detail", args=[transfer.pk])
    page = owner_client.get(url).content.decode()
    assert reverse("inventory:transfer_close", args=[transfer.pk]) in page
    response = owner_client.post(
        reverse("inventory:transfer_close", args=[transfer.pk]), {"reason": "pallet missing"}, follow=True
    )
    body = response.content.decode()
    assert "written off as lost in transit" in body
    assert "pallet missing" in body
    assert reverse("inventory:transfer_close", args=[transfer.pk]) not in body
    assert stock(seller, lamp, "FC-US") == (55, 0)


def test_viewers_and_other_sellers_cannot_close(seller, other_seller, products, client, make_member):
    lamp, _fan = products
    transfer = received_short(seller, products)
    client.force_login(make_member(seller, "viewer"))
    page = client.get(reverse("inventory:transfer_detail", args=[transfer.pk])).content.decode()
    assert reverse("inventory:transfer_close", args=[transfer.pk]) not in page
    assert client.post(reverse("inventory:transfer_close", args=[transfer.pk])).status_code == 403
    client.force_login(make_member(other_seller, "owner"))
    assert client.post(reverse("inventory:transfer_close", args=[transfer.pk])).status_code == 404
    assert stock(seller, lamp, "FC-US") == (55, 5)


def api(seller):
    _key, raw = create_api_key(seller=seller, name="ops", scopes=["inventory:read", "inventory:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_the_close_endpoint_is_idempotent_and_tenant_scoped(seller, other_seller, products):
    lamp, _fan = products
    transfer = received_short(seller, products)
    url = f"/api/v1/transfers/{transfer.pk}/close/"
    assert api(other_seller).post(url, {}, format="json").status_code == 404
    first = api(seller).post(url, {"reason": "carton lost"}, format="json", HTTP_IDEMPOTENCY_KEY="close-1")
    assert first.status_code == 200, first.json()
    data = first.json()
    assert (data["close_reason"], data["closed_at"] is not None) == ("carton lost", True)
    assert {line["sku"]: line["quantity_lost"] for line in data["lines"]} == {"LAMP": 5, "FAN": 0}
    client = api(seller)
    again = client.post(url, {"reason": "carton lost"}, format="json", HTTP_IDEMPOTENCY_KEY="close-1")
    assert again.json() == data
    assert stock(seller, lamp, "FC-US") == (55, 0)
    too_long = client.post(url, {"reason": "x" * 301}, format="json")
    assert too_long.status_code == 400
    assert "reason" in too_long.json()["fields"]


def test_closing_a_full_receipt_by_api_is_a_conflict(seller, products):
    lamp, fan = products
    transfer = dispatched(seller, products)
    receive_transfer(seller=seller, transfer=transfer, quantities={lamp.pk: 60, fan.pk: 10})
    response = api(seller).post(f"/api/v1/transfers/{transfer.pk}/close/", {}, format="json")
    assert response.status_code == 409
    assert "status" in response.json()["fields"]
