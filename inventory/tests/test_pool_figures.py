"""Pool figures print with the locale's grouping: 4,499 in English and in Chinese, never 4499."""

import pytest
from django.urls import reverse

from inventory.tests.factories import StockBalanceFactory, node
from listings.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_pool_figure_prints_with_the_locales_grouping(owner_client, seller, language):
    product = ProductFactory(seller=seller, sku="LAMP-1")
    StockBalanceFactory(seller=seller, product=product, node=node("GWD-SZX"), on_hand=4499)
    owner_client.cookies["django_language"] = language

    body = owner_client.get(reverse("inventory:index")).content.decode()

    assert '<td class="num">4,499</td>' in body
    assert ">4499<" not in body
    assert f'<html lang="{language}">' in body
