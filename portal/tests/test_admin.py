"""The operators' admin: every model registered and usable; staff see every seller."""

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import APIKey, JobRun, Marketplace
from portal.services.api_keys import create_api_key
from portal.services.marketplace_readiness import KIND as READINESS
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    client.force_login(UserFactory(username="ops@nggs.example", is_staff=True, is_superuser=True))
    return client


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# Every model of the five apps is checked, and every admin page opened, in test_admin_coverage.py.


def test_operators_see_tenant_rows_of_every_seller(operator_client, seller, other_seller):
    mine = JobRun.objects.for_seller(seller).create(seller=seller, kind=READINESS)
    theirs = JobRun.objects.for_seller(other_seller).create(seller=other_seller, kind=READINESS)

    response = operator_client.get(changelist(JobRun))

    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    assert {mine.pk, theirs.pk} <= shown
    body = response.content.decode()
    assert seller.name in body
    assert other_seller.name in body


def test_a_signed_in_seller_user_gets_no_admin(client, seller, make_member):
    client.force_login(make_member(seller, "owner"))

    response = client.get(changelist(JobRun))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_operators_edit_marketplaces(operator_client):
    japan = Marketplace.objects.get(code="JP")

    response = operator_client.get(reverse("admin:portal_marketplace_change", args=[japan.pk]))

    assert response.status_code == 200
    assert 'name="vat_rate"' in response.content.decode()
    assert "vat_rate" in admin.site._registry[Marketplace].list_editable


def test_api_key_hash_is_read_only_and_keys_are_not_added_in_the_admin(operator_client, seller):
    key, _raw = create_api_key(seller=seller, name="ERP", scopes=["jobs:read"])

    page = operator_client.get(reverse("admin:portal_apikey_change", args=[key.pk])).content.decode()

    assert 'name="key_hash"' not in page
    assert key.key_hash in page
    assert operator_client.get(reverse("admin:portal_apikey_add")).status_code == 403
    assert APIKey.objects.for_seller(seller).count() == 1
