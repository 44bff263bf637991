"""The order list says what was bought and for how much: the first product's name, units and
the order's amount in its currency."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.tests.order_factories import ChannelOrderFactory, ChannelOrderLineFactory

pytestmark = pytest.mark.django_db


def test_the_order_list_shows_products_units_and_amount(owner_client, seller):
    order = ChannelOrderFactory(seller=seller, currency="EUR")
    ChannelOrderLineFactory(
        seller=seller, order=order, title="Desk Lamp", quantity=2, unit_price=Decimal("1499.50")
    )
    ChannelOrderLineFactory(
        seller=seller, order=order, title="Lamp Shade", quantity=3, unit_price=Decimal("10.00")
    )

    body = owner_client.get(reverse("inventory:orders")).content.decode()

    assert "Desk Lamp" in body
    assert "+ 1 more" in body
    assert '<td class="num">5</td>' in body
    assert '<td class="num">€3,029.00</td>' in body
