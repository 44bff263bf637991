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

import secrets
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled
from model_bakery import baker
from rest_framework.test import APIClient

from portal.api_scopes import API_SCOPES
from portal.services.api_keys import create_api_key
from portal.tenancy import TenantModel

# URL prefixes that hold no seller data of their own, and why.
EXEMPT_PREFIXES = {
    "admin/": "the operators' platform surface: staff see every seller by design",
    "i18n/": "the language switch",
    "api/v1/schema/": "the OpenAPI document",
    "api/v1/docs/": "the API documentation page",
    "static/": "static files",
    "media/": "uploaded files are served by the web server in production",
}
# Views that sign users in or out, reset passwords or receive webhooks: they take no
# seller from the session and are tested on their own.
EXEMPT_NAMES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "set_language",
    "seller_switch",
}
TEXT_FIELDS = (models.CharField, models.TextField)
MIN_MARKER_FIELD_LENGTH = 12


@dataclass
class Route:
    name: str
    route: str
    pattern: URLPattern

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").replace("\\", "")
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, route, ns)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name=name, route=route, pattern=entry)


def all_routes() -> list[Route]:
    routes = []
    seen = set()
    for route in walk(get_resolver()):
        if any(route.route.startswith(prefix) for prefix in EXEMPT_PREFIXES):
            continue
        if route.name.split(":")[-1] in EXEMPT_NAMES or route.name.endswith("api-root"):
            continue
        if "format" in route.pattern.pattern.regex.groupindex:
            continue  # DRF's ".json" suffix twin of a route already walked
        if route.name in seen:
            continue
        seen.add(route.name)
        routes.append(route)
    return routes


def url_arguments(route: Route) -> list[str]:
    return list(route.pattern.pattern.regex.groupindex)


def declared_model(route: Route):
    """(model, lookup field) that the route's URL argument selects, or (None, reason)."""
    callback = route.callback
    view_cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_cls is not None and getattr(view_cls, "queryset", None) is not None:
        lookup = getattr(view_cls, "lookup_field", "pk")
        return view_cls.queryset.model, lookup
    for holder in (callback, view_cls):
        if holder is not None and hasattr(holder, "tenant_model"):
            if holder.tenant_model is None:
                return None, holder.not_tenant_reason
            return holder.tenant_model, getattr(holder, "tenant_lookup", "pk")
    pytest.fail(
        f"URL {route.route!r} ({route.name}) takes arguments but its view does not say which model "
        "they select: decorate it with portal.tenancy.tenant_object_view(Model) or "
        "not_tenant_object_view(reason), or give the viewset a queryset."
    )


def tenant_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TenantModel) and not model._meta.abstract and not model._meta.proxy
    ]


def make_row(model, seller):
    """One row of `model` for `seller`: the app's factory if it has one, else model_bakery."""
    factory = find_factory(model)
    if factory is not None:
        return factory(seller=seller)
    return baker.make(model, seller=seller)


def find_factory(model):
    import importlib

    module_name = f"{model._meta.app_label}.tests.factories"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None
    for value in vars(module).values():
        meta = getattr(value, "_meta", None)
        if getattr(meta, "model", None) is model and hasattr(value, "create"):
            return value
    return None


def mark_text(obj) -> list[str]:
    """Overwrite the row's free-text columns with markers; return the markers."""
    updates = {}
    for field in obj._meta.concrete_fields:
        if not isinstance(field, TEXT_FIELDS) or field.choices or field.primary_key:
            continue
        if isinstance(field, models.CharField) and (field.max_length or 0) < MIN_MARKER_FIELD_LENGTH:
            continue
        if isinstance(field, (models.EmailField, models.URLField, models.SlugField)):
            continue
        updates[field.name] = f"leak{secrets.token_hex(4)}"
    if updates:
        type(obj).objects.with_scopes_disabled().filter(pk=obj.pk).update(**updates)
    return list(updates.values())


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
