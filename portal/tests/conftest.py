"""Fixtures of the portal's API tests."""

import pytest
from rest_framework.test import APIClient

from portal.services.api_keys import create_api_key


@pytest.fixture
def make_api_client(db):
    """make_api_client(seller, scopes) -> (APIClient sending that seller's new key, APIKey)."""

    def make(seller, scopes=("seller:read", "jobs:read", "listings:write"), name="Partner ERP"):
        key, raw = create_api_key(seller=seller, name=name, scopes=list(scopes))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client, key

    return make


@pytest.fixture
def api(make_api_client, seller):
    """An API client with a key of `seller` carrying seller:read, jobs:read and listings:write."""
    client, _key = make_api_client(seller)
    return client
