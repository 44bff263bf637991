"""Every page and endpoint keeps sellers apart: walked from the URL configuration.

Nobody has to remember to add a page here. The test walks the whole URL tree, so a new
page or endpoint is covered the day it is added:

- pages and endpoints without URL arguments are fetched by seller A's owner (pages) and
  seller A's all-scopes API key (endpoints); none may show any of seller B's rows;
- pages and endpoints with URL arguments are asked for seller B's object and must answer
  404, never 403 and never its data.

Seller B gets one row of every tenant model, with unguessable marker text in its text
columns, so a leak anywhere in a response is found.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from portal.api_scopes import API_SCOPES
from portal.services.api_keys import create_api_key
from tests.urlwalk import all_routes, declared_model, make_row, mark_text, tenant_models, url_arguments


@pytest.fixture
def other_sellers_rows(other_seller):
    """One marked row of every tenant model, owned by seller B."""
    rows, markers = {}, []
    with scopes_disabled():
        for model in tenant_models():
            obj = make_row(model, other_seller)
            markers.extend(mark_text(obj))
            obj.refresh_from_db()
            rows[model] = obj
    return rows, markers


@pytest.fixture
def api_client(seller):
    key, raw = create_api_key(seller=seller, name="isolation test", scopes=list(API_SCOPES))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def request(route, url, *, owner_client, api_client):
    client = api_client if route.is_api else owner_client
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {}, format="json") if route.is_api else client.post(url, {})
    return response


def test_url_walk_finds_the_areas():
    names = {route.name for route in all_routes()}
    assert {"dashboard", "listings:index", "inventory:index", "logistics:index", "brands:index"} <= names


@pytest.mark.django_db
def test_lists_never_show_another_sellers_rows(owner_client, api_client, other_sellers_rows):
    _, markers = other_sellers_rows
    assert markers, "seller B has no marked rows: the test would prove nothing"
    checked = 0
    for route in all_routes():
        if url_arguments(route):
            continue
        url = reverse(route.name)
        response = request(route, url, owner_client=owner_client, api_client=api_client)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        body = response.content.decode(errors="replace")
        leaked = [marker for marker in markers if marker in body]
        assert not leaked, f"{url} shows another seller's data: {leaked}"
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_another_sellers_object_answers_404(owner_client, api_client, other_sellers_rows):
    rows, markers = other_sellers_rows
    for route in all_routes():
        arguments = url_arguments(route)
        if not arguments:
            continue
        model, lookup = declared_model(route)
        if model is None:
            continue
        assert model in rows, f"{route.route}: {model} is not a tenant model"
        value = getattr(rows[model], lookup)
        # Nested routes name their parents too (a connection's mappings): the view class says
        # which model each parent argument selects, in `tenant_url_kwargs` {name: (model, field)}.
        view_cls = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
        parents = getattr(view_cls, "tenant_url_kwargs", {})
        kwargs = {
            name: getattr(rows[parents[name][0]], parents[name][1]) if name in parents else value
            for name in arguments
        }
        url = reverse(route.name, kwargs=kwargs)
        response = request(route, url, owner_client=owner_client, api_client=api_client)
        assert response.status_code == 404, f"{url} ({route.name}) answered {response.status_code}, not 404"
        body = response.content.decode(errors="replace")
        assert not [marker for marker in markers if marker in body], f"{url} leaks data in its 404"
