"""Every page and endpoint keeps sellers apart: walked from the URL configuration.

Nobody has to remember to add a page here. The test walks the whole URL tree, so a new
page or endpoint is covered the day it is added:

- pages and endpoints without URL arguments are fetched by seller A's owner (pages) and
  seller A's all-scopes API key (endpoints); none may show any of seller B's rows;
- pages and endpoints with URL arguments are asked for seller B's object and must answer
  404, never 403 and never its data.

Seller B gets one row of every tenant model, with unguessable marker text in its text
columns and a primary key far from any other, so a leak anywhere in a response is found:
by its text, by its id in JSON (at any depth), by the link to its page, or by its key in a
page (a form's option value). Rows with no text column leak through the last three;
tests/leaking_urls.py proves the walk notices them.
"""

from __future__ import annotations

import re

import pytest
from django.db import models
from django.urls import reverse
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from inventory.models import StockBalance
from listings.models import PricingRule
from portal.api.scopes import API_SCOPES
from portal.services.api_keys import create_api_key
from tests.urlwalk import all_routes, declared_model, make_row, mark_text, tenant_models, url_arguments

# Seller B's rows get primary keys from this number up, far apart per model, so that an id in
# a response, or a number in a page, that names one of them cannot be anything else. (SQLite
# numbers the rows seller A creates during the walk from the table's highest key on: the gap
# keeps them off the next model's key.)
ISOLATION_PK_BASE = 917_000_000
ISOLATION_PK_STRIDE = 10_000


def integer_pk(model) -> bool:
    return isinstance(model._meta.pk, (models.AutoField, models.BigAutoField, models.SmallAutoField))


@pytest.fixture
def other_sellers_rows(other_seller):
    """One marked row of every tenant model, owned by seller B."""
    rows, markers = {}, []
    with scopes_disabled():
        for number, model in enumerate(tenant_models()):
            fields = {"pk": ISOLATION_PK_BASE + number * ISOLATION_PK_STRIDE} if integer_pk(model) else {}
            obj = make_row(model, other_seller, **fields)
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


class Leaks:
    """What of seller B's rows a response may not contain: marker text, ids and object URLs."""

    def __init__(self, rows, markers):
        self.rows, self.markers = rows, markers
        self.pks = {str(obj.pk) for obj in rows.values() if integer_pk(obj) and obj.pk >= ISOLATION_PK_BASE}
        assert self.pks, "seller B's rows kept no numbered primary key: ids would prove nothing"
        self.number = re.compile(r"(?<![\w.-])(" + "|".join(sorted(self.pks)) + r")(?![\w.-])")
        self.urls = object_urls(rows)

    def in_response(self, route, response) -> list[str]:
        body = response.content.decode(errors="replace")
        found = [f"marker {marker}" for marker in self.markers if marker in body]
        found += [f"link {url}" for url in self.urls if url in body]
        found += [f"number {number}" for number in sorted(set(self.number.findall(body)))]
        if route.is_api and response.get("Content-Type", "").startswith("application/json"):
            found += self.in_json(route, response.json())
        return found

    def in_json(self, route, data) -> list[str]:
        found = []
        model, _lookup = endpoint_model(route)
        theirs = self.rows.get(model)
        items = data.get("results", data) if isinstance(data, dict) else data
        if theirs is not None and isinstance(items, list):
            top = {str(item.get("id")) for item in items if isinstance(item, dict)}
            if str(theirs.pk) in top:
                found.append(f"{model.__name__} id {theirs.pk}")
        found += [f"nested id {value}" for value in nested_ids(data) if str(value) in self.pks]
        return found


def endpoint_model(route):
    view_cls = getattr(route.callback, "cls", None)
    queryset = getattr(view_cls, "queryset", None)
    return (queryset.model, "pk") if queryset is not None else (None, None)


def nested_ids(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"id", "pk"} and isinstance(value, (int, str)):
                yield value
            else:
                yield from nested_ids(value)
    elif isinstance(data, list):
        for value in data:
            yield from nested_ids(value)


def object_urls(rows) -> list[str]:
    """The URL of each of seller B's objects on every page and endpoint that takes one."""
    urls = []
    for route in all_routes():
        arguments = url_arguments(route)
        if not arguments:
            continue
        view_cls = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
        model, lookup = declared_model(route)
        if model not in rows or getattr(view_cls, "tenant_url_kwargs", None):
            continue
        urls.append(reverse(route.name, kwargs={name: getattr(rows[model], lookup) for name in arguments}))
    return urls


def walk_lists(owner_client, api_client, rows, markers) -> tuple[int, dict[str, list[str]]]:
    """Fetch every page and endpoint without URL arguments as seller A; the leaks per URL."""
    leaks, checked, found = Leaks(rows, markers), 0, {}
    for route in all_routes():
        if url_arguments(route):
            continue
        url = reverse(route.name)
        response = request(route, url, owner_client=owner_client, api_client=api_client)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if leaked := leaks.in_response(route, response):
            found[url] = leaked
        checked += 1
    return checked, found


@pytest.mark.django_db
def test_lists_never_show_another_sellers_rows(owner_client, api_client, other_sellers_rows):
    rows, markers = other_sellers_rows
    assert markers, "seller B has no marked rows: the test would prove nothing"
    checked, leaked = walk_lists(owner_client, api_client, rows, markers)
    assert leaked == {}, "pages and endpoints show another seller's data"
    assert checked >= 5


@pytest.mark.django_db
def test_the_walk_finds_a_list_that_leaks_rows_without_text(
    owner_client, api_client, other_sellers_rows, settings, seller
):
    """Rows with no text column (pricing rules, stock balances) leak through ids and links."""
    settings.ROOT_URLCONF = "tests.leaking_urls"
    rows, _markers = other_sellers_rows
    with scopes_disabled():
        own_rule = make_row(PricingRule, seller)

    _checked, leaked = walk_lists(owner_client, api_client, rows, markers=[])

    rule, balance = rows[PricingRule], rows[StockBalance]
    assert f"link /leaking/rules/{rule.pk}/" in leaked["/leaking/rules/"]
    assert f"StockBalance id {balance.pk}" in leaked["/api/leaking/balances/"]
    assert f"nested id {rule.pk}" in leaked["/api/leaking/balances/"]
    assert f"number {balance.pk}" in leaked["/leaking/balance-form/"]
    assert "/leaking/own-rules/" not in leaked  # seller A's own rule is no leak
    assert own_rule.pk != rule.pk


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
