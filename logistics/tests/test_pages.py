"""The logistics pages: what a seller sees and does, and never another seller's shipments."""

import pytest
from django.urls import reverse

from logistics.models import BookingStatus, Lane, Shipment, ShipmentCarton
from logistics.tests.factories import (
    ProductFactory,
    ShipmentCartonFactory,
    ShipmentFactory,
    ShipmentItemFactory,
)

pytestmark = pytest.mark.django_db


def quote_post(**extra):
    data = {
        "origin_country": "CN",
        "destination_country": "US",
        "ready_on": "2026-03-02",
        "cartons-TOTAL_FORMS": "3",
        "cartons-INITIAL_FORMS": "0",
        "cartons-0-count": "4",
        "cartons-0-weight_kg": "5",
        "cartons-0-length_cm": "60",
        "cartons-0-width_cm": "50",
        "cartons-0-height_cm": "40",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_the_index_lists_lanes_and_recent_shipments(owner_client, seller):
    ShipmentFactory(seller=seller, reference="MY-SHIP")
    response = owner_client.get(reverse("logistics:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "MY-SHIP" in body
    assert "CNYTN" in body  # seeded AGL lanes
    assert "SEND" in body


def test_the_quote_page_compares_lanes_with_htmx(owner_client, seller):
    lamp = ProductFactory(seller=seller, sku="LAMP-1")
    response = owner_client.post(
        reverse("logistics:quote"),
        quote_post(**{"items-0-product": str(lamp.pk), "items-0-quantity": "100"}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="quote-results">')
    assert body.count("mark-best") == 1
    assert body.count("mark-cheapest") == 1
    assert body.count("mark-fastest") == 1
    assert "volumetric" in body  # 4 light, bulky cartons
    assert "LAMP-1" in body  # landed cost per unit


def test_the_quote_page_shows_field_errors(owner_client):
    response = owner_client.post(reverse("logistics:quote"), quote_post(**{"cartons-0-weight_kg": "-1"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Carton row 1, weight_kg" in body
    assert "mark-cheapest" not in body


def test_another_sellers_product_is_not_offered_for_a_quote(owner_client, other_seller):
    theirs = ProductFactory(seller=other_seller, sku="THEIR-SKU")
    page = owner_client.get(reverse("logistics:quote"))
    assert "THEIR-SKU" not in page.content.decode()
    response = owner_client.post(
        reverse("logistics:quote"), quote_post(**{"items-0-product": str(theirs.pk), "items-0-quantity": "1"})
    )
    assert "THEIR-SKU" not in response.content.decode()
    assert "Goods row 1, product" in response.content.decode()


def test_the_shipment_list_filters_and_pages_in_constant_queries(
    owner_client, seller, other_seller, django_assert_max_num_queries
):
    ShipmentFactory(seller=other_seller, reference="THEIRS-1", purpose="inbound")
    for i in range(30):
        shipment = ShipmentFactory(seller=seller, purpose="inbound" if i % 3 else "transfer")
        ShipmentCartonFactory(seller=seller, shipment=shipment)
        ShipmentItemFactory(seller=seller, shipment=shipment, quantity=7)
    url = reverse("logistics:shipments")
    with django_assert_max_num_queries(14):
        response = owner_client.get(url, {"purpose": "inbound"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "THEIRS-1" not in body
    assert "Page 1 of 1" in body
    assert body.count("/logistics/shipments/") - body.count("/logistics/shipments/new/") >= 20
    with django_assert_max_num_queries(14):
        owner_client.get(url)
    partial = owner_client.get(url, {"status": "pending", "page": "2"}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<section id="shipment-table">')
    assert "Page 2 of 2" in partial.content.decode()


def test_a_shipment_is_created_by_hand_and_booked(owner_client, seller):
    lamp = ProductFactory(seller=seller)
    lane = Lane.objects.get(code="send-cn-ae-express")
    response = owner_client.post(
        reverse("logistics:shipment_create"),
        {
            "reference": "HAND-1",
            "lane": str(lane.pk),
            "destination_code": "FC-AE",
            "incoterm": "DDP",
            "currency": "USD",
            **{k: v for k, v in quote_post().items() if k.startswith("cartons")},
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-0-product": str(lamp.pk),
            "items-0-quantity": "12",
        },
    )
    shipment = Shipment.objects.for_seller(seller).get(reference="HAND-1")
    assert response.status_code == 302
    assert shipment.destination_country == "AE"
    assert ShipmentCarton.objects.for_seller(seller).filter(shipment=shipment).count() == 4
    owner_client.post(reverse("logistics:shipment_book", args=[shipment.pk]), {"booking_number": "SEND-9"})
    shipment.refresh_from_db()
    assert shipment.booking_status == BookingStatus.BOOKED
    detail = owner_client.get(reverse("logistics:shipment_detail", args=[shipment.pk]))
    assert "SEND-9" in detail.content.decode()


def test_a_viewer_cannot_create_book_or_cancel(client, seller, make_member):
    viewer = make_member(seller, role="viewer")
    client.force_login(viewer)
    shipment = ShipmentFactory(seller=seller)
    ShipmentCartonFactory(seller=seller, shipment=shipment)
    assert client.get(reverse("logistics:shipment_create")).status_code == 403
    assert client.post(reverse("logistics:shipment_book", args=[shipment.pk])).status_code == 403
    assert client.post(reverse("logistics:shipment_cancel", args=[shipment.pk])).status_code == 403
    shipment.refresh_from_db()
    assert shipment.booking_status == BookingStatus.DRAFT
    assert client.get(reverse("logistics:shipment_detail", args=[shipment.pk])).status_code == 200


def test_the_documents_print_the_goods(owner_client, seller):
    shipment = ShipmentFactory(seller=seller, reference="DOC-1", transport_document_number="COSU123")
    carton = ShipmentCartonFactory(seller=seller, shipment=shipment, number=1)
    ShipmentItemFactory(
        seller=seller,
        shipment=shipment,
        carton=carton,
        quantity=24,
        description="LED desk lamp",
        hs_code="940520",
    )
    invoice = owner_client.get(reverse("logistics:shipment_invoice", args=[shipment.pk])).content.decode()
    assert "CI-DOC-1" in invoice
    assert "LED desk lamp" in invoice
    assert "940520" in invoice
    assert "$240.00" in invoice  # 24 × 10.00
    assert "COSU123" in invoice
    packing = owner_client.get(
        reverse("logistics:shipment_packing_list", args=[shipment.pk])
    ).content.decode()
    assert "1 / 1" in packing
    assert "12.000" in packing  # gross weight in kg
    assert "logistics/css/logistics.css" in packing  # carries the print stylesheet


@pytest.mark.parametrize(
    "name",
    ["shipment_detail", "shipment_invoice", "shipment_packing_list", "shipment_book", "shipment_cancel"],
)
def test_another_sellers_shipment_is_not_found_on_every_page(owner_client, other_seller, name):
    theirs = ShipmentFactory(seller=other_seller)
    url = reverse(f"logistics:{name}", args=[theirs.pk])
    response = (
        owner_client.post(url) if name in ("shipment_book", "shipment_cancel") else owner_client.get(url)
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.booking_status == BookingStatus.DRAFT
