"""Fixtures of the logistics tests."""

import pytest
from rest_framework.test import APIClient

from portal.services.api_keys import create_api_key


@pytest.fixture
def make_logistics_api(db):
    """make_logistics_api(seller, scopes=...) -> an APIClient sending a new key of that seller."""

    def make(seller, scopes=("logistics:read", "logistics:write")):
        _key, raw = create_api_key(seller=seller, name="Forwarder", scopes=list(scopes))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


@pytest.fixture
def logistics_api(make_logistics_api, seller):
    return make_logistics_api(seller)
