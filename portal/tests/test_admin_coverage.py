"""Every model of the product is in the operators' admin, and every admin page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled
from model_bakery import baker

from portal.tenancy import TenantModel
from portal.tests.factories import UserFactory
from tests.urlwalk import make_row

pytestmark = pytest.mark.django_db

PRODUCT_APPS = ("portal", "listings", "inventory", "logistics", "brands")

# One admin page may take this many queries, whatever the number of rows it lists.
MAX_QUERIES_PER_PAGE = 40


def product_models():
    return [model for label in PRODUCT_APPS for model in apps.get_app_config(label).get_models()]


def registered_models():
    return [model for model in product_models() if model in admin.site._registry]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="ops@nggs.example", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows_of_every_model(seller, other_seller):
    """Two sellers' rows of every tenant model and a row of every other model of the product."""
    with scopes_disabled():
        for model in product_models():
            if issubclass(model, TenantModel):
                make_row(model, seller)
                make_row(model, other_seller)
        for model in product_models():
            if not issubclass(model, TenantModel) and not model.objects.exists():
                baker.make(model)


def test_every_model_of_the_product_is_registered_with_columns_filters_and_search():
    problems = []
    for model in product_models():
        label = model._meta.label
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            problems.append(f"{label} is not in the admin")
            continue
        if len(model_admin.list_display) <= 1:
            problems.append(f"{label} has no columns (list_display)")
        if not model_admin.list_filter:
            problems.append(f"{label} has no filters (list_filter)")
        if not model_admin.search_fields:
            problems.append(f"{label} has no search (search_fields)")
    assert problems == []


def test_the_new_registrations_have_their_own_pages():
    for label in (
        "listings.BrandStoreText",
        "logistics.ShipmentCarton",
        "logistics.ShipmentItem",
        "inventory.InboundLine",
        "inventory.InboundCarton",
        "inventory.NodeService",
        "inventory.ChannelOrderLine",
    ):
        assert apps.get_model(label) in admin.site._registry, label
    assert admin.site._registry[apps.get_model("listings.BrandStore")].list_filter


def test_every_changelist_and_add_page_opens_for_an_operator(superuser_client, rows_of_every_model, rf):
    request = rf.get("/admin/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    opened = 0
    for model in registered_models():
        model_admin = admin.site._registry[model]
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        add = reverse("admin:{}_{}_add".format(*info))
        add_status = 200 if model_admin.has_add_permission(request) else 403
        for url, expected in ((changelist, 200), (add, add_status)):
            with CaptureQueriesContext(connection) as queries:
                response = superuser_client.get(url)
            assert response.status_code == expected, f"{url} answered {response.status_code}"
            assert len(queries) <= MAX_QUERIES_PER_PAGE, f"{url} took {len(queries)} queries"
            if url == changelist:
                assert response.context["cl"].result_count >= 1, f"{changelist} lists no rows"
            opened += 1
        searched = superuser_client.get(changelist, {"q": "acme"})
        assert searched.status_code == 200, f"searching {changelist} answered {searched.status_code}"
    assert opened >= 100  # 51 admins when written: a walk that finds few pages proves little
