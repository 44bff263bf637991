"""`seed_demo` gives the demo sellers rates, rules, translations, a brand store and reviews, once."""

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from listings.models import BrandStore, FxRate, PricingRule, Review, Translation
from listings.services.pricing import prices_for
from portal.models import Marketplace, Seller

pytestmark = pytest.mark.django_db


def counts():
    with scopes_disabled():
        return [m.objects.count() for m in (FxRate, PricingRule, Translation, BrandStore, Review)]


def test_demo_prices_work_offline_and_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    assert all(first)
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first

    seller = Seller.objects.get(slug="shenzhen-bright-home")
    with scopes_disabled():
        from listings.models import Product

        products = list(Product.objects.for_seller(seller))
    quotes = prices_for(seller, products, Marketplace.objects.filter(code__in=["JP", "AE", "EG"]))
    assert all(q.amount is not None for q in quotes.values()), [q.problem for q in quotes.values()]
    assert all(q.amount % 100 == 80 for (pid, code), q in quotes.items() if code == "JP")
