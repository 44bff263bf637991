"""`manage.py seed_demo`: the demo sellers, users and products, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.dispatch import receiver
from django_scopes import scopes_disabled

from listings.demo.catalogue import DEMO_PRODUCTS
from listings.models import Product
from listings.validators import gtin_check_digit_ok
from portal.management.commands.seed_demo import DEMO_PASSWORD
from portal.models import Membership, Seller
from portal.signals import demo_data_requested

pytestmark = pytest.mark.django_db


def snapshot():
    with scopes_disabled():
        return {
            "sellers": list(Seller.objects.values_list("slug", "name", "stage", "home_currency")),
            "users": list(
                get_user_model()
                .objects.order_by("username")
                .values_list("username", "password", "is_staff", "is_superuser")
            ),
            "memberships": sorted(Membership.objects.values_list("user__username", "seller__slug", "role")),
            "products": sorted(
                Product.objects.values_list("seller__slug", "sku", "title", "gtin", "updated_at")
            ),
        }


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_the_demo_world():
    output = seed()

    bright = Seller.objects.get(slug="shenzhen-bright-home")
    ningbo = Seller.objects.get(slug="ningbo-outdoor-gear")
    assert (bright.name, bright.stage, bright.home_currency) == ("Shenzhen Bright Home", "optimise", "CNY")
    assert (ningbo.name, ningbo.stage, ningbo.home_currency) == ("Ningbo Outdoor Gear", "quick_start", "CNY")
    roles = {
        (m.user.username, m.role) for m in Membership.objects.filter(seller=bright).select_related("user")
    }
    assert {role for _, role in roles} == {"owner", "admin", "operator", "viewer"}
    assert Membership.objects.filter(user__username="agency@crossborder.example").count() == 2
    staff = get_user_model().objects.get(username="ops@nggs.example")
    assert (staff.is_staff, staff.is_superuser, staff.check_password(DEMO_PASSWORD)) == (True, True, True)
    assert get_user_model().objects.get(username="viewer@brighthome.example").check_password(DEMO_PASSWORD)
    assert f"password for all: {DEMO_PASSWORD}" in output
    assert "owner@brighthome.example" in output


def test_demo_products_are_realistic_and_valid():
    seed()

    with scopes_disabled():
        products = list(Product.objects.select_related("seller"))
    assert len(products) == sum(len(specs) for specs in DEMO_PRODUCTS.values())
    assert {p.seller.slug for p in products} == set(DEMO_PRODUCTS)
    for product in products:
        product.full_clean(validate_unique=False, validate_constraints=False)
        assert (gtin_check_digit_ok(product.gtin), len(product.gtin)) == (True, 13)
        assert len(product.hs_code) == 6
        assert all((product.weight_g, product.length_mm, product.width_mm, product.height_mm))
        assert (product.unit_cost_currency, product.unit_cost > 0) == ("CNY", True)
        # Bilingual: the other language's title is kept beside the source one.
        assert product.attributes.get("title_en" if product.source_language == "zh-hans" else "title_zh")


def test_second_run_changes_nothing():
    seed()
    first = snapshot()

    output = seed()

    assert snapshot() == first
    assert "0 new users" in output


def test_each_demo_seller_is_announced_once_inside_its_scope():
    heard = []

    @receiver(demo_data_requested, weak=False, dispatch_uid="test-seed-demo")
    def listen(sender, seller, **kwargs):
        # Inside the seller's scope: a receiver may use the scoped managers directly.
        heard.append((seller.slug, Product.objects.count()))

    try:
        seed()
    finally:
        demo_data_requested.disconnect(dispatch_uid="test-seed-demo")

    assert sorted(slug for slug, _ in heard) == ["ningbo-outdoor-gear", "shenzhen-bright-home"]
