"""From a quote to a booked shipment in one step: the lane chosen on the quote is booked with
the quote's cartons and goods, nothing retyped."""

import pytest
from django.urls import reverse

from logistics.models import BookingStatus, Lane, Shipment, ShipmentCarton, ShipmentItem
from logistics.tests.factories import ProductFactory
from logistics.tests.test_pages import quote_post

pytestmark = pytest.mark.django_db


def lane():
    return Lane.objects.get(code="agl-cn-us-ocean")


def test_booking_a_quoted_lane_books_a_shipment_with_the_quotes_cartons(owner_client, seller):
    lamp = ProductFactory(seller=seller, sku="LAMP-1")
    data = quote_post(
        **{"items-0-product": str(lamp.pk), "items-0-quantity": "100", "book_lane": str(lane().pk)}
    )

    response = owner_client.post(reverse("logistics:quote_book"), data, follow=True)

    shipment = Shipment.objects.for_seller(seller).get()
    assert shipment.lane == lane()
    assert shipment.booking_status == BookingStatus.BOOKED
    assert ShipmentCarton.objects.for_seller(seller).filter(shipment=shipment).count() == 4
    assert list(
        ShipmentItem.objects.for_seller(seller)
        .filter(shipment=shipment)
        .values_list("product__sku", "quantity")
    ) == [("LAMP-1", 100)]
    assert response.redirect_chain[-1][0] == reverse("logistics:shipment_detail", args=[shipment.pk])
    assert (
        f"Shipment {shipment.reference} booked on agl-cn-us-ocean with 4 cartons."
        in response.content.decode()
    )


def test_with_htmx_the_browser_is_sent_to_the_new_shipment(owner_client, seller):
    response = owner_client.post(
        reverse("logistics:quote_book"), quote_post(book_lane=str(lane().pk)), HTTP_HX_REQUEST="true"
    )

    shipment = Shipment.objects.for_seller(seller).get()
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("logistics:shipment_detail", args=[shipment.pk])


def test_a_quote_with_bad_cartons_books_nothing_and_says_which_row(owner_client, seller):
    response = owner_client.post(
        reverse("logistics:quote_book"), quote_post(book_lane=str(lane().pk), **{"cartons-0-weight_kg": "-1"})
    )

    assert response.status_code == 400
    assert "Carton row 1" in response.content.decode()
    assert not Shipment.objects.for_seller(seller).exists()


def test_no_lane_chosen_books_nothing(owner_client, seller):
    response = owner_client.post(reverse("logistics:quote_book"), quote_post(book_lane="999999"))

    assert response.status_code == 400
    assert "Choose one of the quoted lanes to book." in response.content.decode()
    assert not Shipment.objects.for_seller(seller).exists()


def test_another_sellers_product_cannot_be_booked(owner_client, seller, other_seller):
    theirs = ProductFactory(seller=other_seller, sku="THEIR-SKU")
    owner_client.post(
        reverse("logistics:quote_book"),
        quote_post(book_lane=str(lane().pk), **{"items-0-product": str(theirs.pk), "items-0-quantity": "1"}),
    )

    assert not Shipment.objects.for_seller(seller).exists()


def test_viewers_cannot_book(client, seller, make_member):
    client.force_login(make_member(seller, role="viewer"))

    response = client.post(reverse("logistics:quote_book"), quote_post(book_lane=str(lane().pk)))

    assert response.status_code == 403
    assert not Shipment.objects.for_seller(seller).exists()


def test_the_quote_offers_to_book_each_lane(owner_client):
    body = owner_client.post(reverse("logistics:quote"), quote_post()).content.decode()

    assert f'name="book_lane" value="{lane().pk}"' in body
    assert 'formaction="/logistics/quote/book/"' in body


def test_a_lane_reads_each_word_once():
    from logistics.templatetags.logistics_format import lane_name

    send = Lane.objects.filter(program__code="SEND", mode="express").first()
    assert send is not None
    name = lane_name(send)
    assert name.split().count("Express") == 1
    assert name.startswith("SEND Express")
