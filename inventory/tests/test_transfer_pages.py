"""The transfer pages: list with filters, the create form, a transfer's page with its buttons."""

import pytest
from django.urls import reverse

from inventory.models import StockBalance, Transfer
from inventory.services import ledger
from inventory.services.transfers import create_transfer, dispatch_transfer
from inventory.tests.factories import ProductFactory, TransferFactory, TransferLineFactory, node


@pytest.fixture
def lamp(seller):
    product = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, product, node("GWD-SZX"), 100, cause_type="inbound", cause_key="seed-lamp")
    return product


@pytest.fixture
def viewer_client(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))
    return client


def test_the_pool_links_to_the_transfers(owner_client, lamp):
    body = owner_client.get(reverse("inventory:index")).content.decode()
    assert reverse("inventory:transfer_list") in body
    page = owner_client.get(reverse("inventory:pool_detail", args=[lamp.pk])).content.decode()
    assert reverse("inventory:transfer_create") in page


def test_the_list_filters_and_pages_in_constant_queries(
    owner_client, seller, other_seller, django_assert_max_num_queries
):
    for number in range(60):
        line = TransferLineFactory(
            seller=seller,
            transfer__reference=f"TRF-MANY-{number:03d}",
            transfer__to_node=node("FC-US" if number % 2 else "FC-UK"),
        )
        TransferLineFactory(seller=seller, transfer=line.transfer)
    TransferFactory(seller=other_seller, reference="TRF-THEIRS")
    url = reverse("inventory:transfer_list")
    with django_assert_max_num_queries(12):
        first = owner_client.get(url)
    with django_assert_max_num_queries(12):
        owner_client.get(url, {"page": 2})
    body = first.content.decode()
    assert first.status_code == 200
    assert body.count("TRF-MANY-") == 50
    assert "TRF-THEIRS" not in body
    assert "Page 1 of 2" in body
    uk = owner_client.get(url, {"to_node": "FC-UK", "q": "MANY-00"}).content.decode()
    assert "TRF-MANY-000" in uk
    assert "TRF-MANY-001" not in uk
    drafts = owner_client.get(url, {"status": "received"}).content.decode()
    assert "TRF-MANY-" not in drafts


def test_creating_a_transfer_from_the_form(owner_client, seller, lamp):
    response = owner_client.post(
        reverse("inventory:transfer_create"),
        {"reference": "TRF-FORM-1", "from_node": "GWD-SZX", "to_node": "FC-US", "lines": "LAMP, 40"},
    )
    transfer = Transfer.objects.for_seller(seller).get(reference="TRF-FORM-1")
    assert response.url == reverse("inventory:transfer_detail", args=[transfer.pk])
    assert transfer.lines.model.objects.for_seller(seller).get(transfer=transfer).quantity == 40


@pytest.mark.parametrize(
    ("lines", "to_node", "message"),
    [
        ("LAMP, 400", "FC-US", "only 100 units of LAMP are available at GWD-SZX"),
        ("NOPE, 4", "FC-US", "Line 1: “NOPE” is not one of your SKUs"),
        ("LAMP", "FC-US", "write “SKU, quantity”"),
        ("LAMP, 4", "GWD-SZX", "different node"),
        ("LAMP, 0", "FC-US", "1 or more"),
    ],
)
def test_the_form_names_what_is_wrong_and_saves_nothing(owner_client, seller, lamp, lines, to_node, message):
    response = owner_client.post(
        reverse("inventory:transfer_create"), {"from_node": "GWD-SZX", "to_node": to_node, "lines": lines}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Transfer.objects.for_seller(seller).exists()


def test_dispatch_and_cancel_buttons_for_writers(owner_client, seller, lamp):
    transfer = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": lamp, "quantity": 30}]
    )
    page = owner_client.get(reverse("inventory:transfer_detail", args=[transfer.pk])).content.decode()
    assert reverse("inventory:transfer_dispatch", args=[transfer.pk]) in page
    owner_client.post(
        reverse("inventory:transfer_dispatch", args=[transfer.pk]), {"cartons": "2, 600, 400, 400, 12000"}
    )
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"
    assert (
        transfer.shipment.cartons.model.objects.for_seller(seller).filter(shipment=transfer.shipment).count()
        == 2
    )
    gwd = StockBalance.objects.for_seller(seller).get(product=lamp, node=node("GWD-SZX"))
    assert gwd.on_hand == 70
    page = owner_client.get(reverse("inventory:transfer_detail", args=[transfer.pk])).content.decode()
    assert transfer.shipment.reference in page
    assert reverse("inventory:transfer_dispatch", args=[transfer.pk]) not in page
    response = owner_client.post(reverse("inventory:transfer_cancel", args=[transfer.pk]), follow=True)
    assert "only a transfer not yet dispatched can be cancelled" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"


def test_dispatch_short_of_stock_shows_why(owner_client, seller, lamp):
    transfer = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": lamp, "quantity": 80}]
    )
    ledger.reserve(seller, lamp, node("GWD-SZX"), 50, cause_type="order", cause_key="order-9")
    response = owner_client.post(reverse("inventory:transfer_dispatch", args=[transfer.pk]), follow=True)
    assert "Only 50 units of LAMP are available at GWD-SZX" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "draft"


def test_viewers_read_but_change_nothing(viewer_client, seller, lamp):
    transfer = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": lamp, "quantity": 30}]
    )
    assert viewer_client.get(reverse("inventory:transfer_list")).status_code == 200
    page = viewer_client.get(reverse("inventory:transfer_detail", args=[transfer.pk]))
    assert page.status_code == 200
    assert reverse("inventory:transfer_dispatch", args=[transfer.pk]) not in page.content.decode()
    assert viewer_client.get(reverse("inventory:transfer_create")).status_code == 403
    for name in ("transfer_dispatch", "transfer_cancel"):
        assert viewer_client.post(reverse(f"inventory:{name}", args=[transfer.pk])).status_code == 403
    assert (
        viewer_client.post(
            reverse("inventory:transfer_create"),
            {"from_node": "GWD-SZX", "to_node": "FC-US", "lines": "LAMP, 1"},
        ).status_code
        == 403
    )
    transfer.refresh_from_db()
    assert transfer.status == "draft"
    assert Transfer.objects.for_seller(seller).count() == 1


def test_another_sellers_transfer_is_not_found(owner_client, other_seller):
    theirs = TransferFactory(seller=other_seller)
    for name in ("transfer_detail",):
        assert owner_client.get(reverse(f"inventory:{name}", args=[theirs.pk])).status_code == 404
    for name in ("transfer_dispatch", "transfer_cancel"):
        assert owner_client.post(reverse(f"inventory:{name}", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"


def test_a_dispatched_transfer_shows_its_freight(owner_client, seller, lamp):
    transfer = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-DE", lines=[{"product": lamp, "quantity": 5}]
    )
    dispatch_transfer(seller=seller, transfer=transfer)
    listing = owner_client.get(reverse("inventory:transfer_list"), {"status": "in_transit"}).content.decode()
    assert transfer.reference in listing
