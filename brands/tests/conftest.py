"""Fixtures of the brand protection tests."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from brands.tests.factories import BrandFactory
from listings.models import BrandStore
from portal.tests.factories import SellerFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def certificate():
    return SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def operator(db):
    return UserFactory(username="ops@nggs.example", is_staff=True, is_superuser=True)


@pytest.fixture
def brand(seller):
    """Seller A (Acme) owns the verified brand Lumivex."""
    return BrandFactory(seller=seller, name="Lumivex", trademark_number="018765432")


@pytest.fixture
def copycat(db):
    """A third seller that lists look-alikes; shoppers know it as the store "Budget Gadgets"."""
    seller = SellerFactory(slug="copycat", name="Copycat Holdings Ltd")
    BrandStore.objects.for_seller(seller).create(seller=seller, name="Budget Gadgets", hero_title="Deals")
    return seller


@pytest.fixture
def make_api_client(db):
    """make_api_client(seller, scopes) -> (APIClient sending that seller's new key, APIKey)."""
    from rest_framework.test import APIClient

    from portal.services.api_keys import create_api_key

    def make(seller, scopes=("brands:read", "brands:write"), name="Brand agency"):
        key, raw = create_api_key(seller=seller, name=name, scopes=list(scopes))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client, key

    return make
