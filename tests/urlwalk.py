"""The URL walk and the rows of every tenant model, shared by the tests that check every page.

`all_routes()` walks the whole URL configuration, so a page or endpoint is covered the day it
is added; `make_row()` builds one row of a model for a seller with the app's factory.
"""

from __future__ import annotations

import importlib
import secrets
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from model_bakery import baker

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


def make_row(model, seller, **fields):
    """One row of `model` for `seller`: the app's factory if it has one, else model_bakery."""
    factory = find_factory(model)
    if factory is not None:
        return factory(seller=seller, **fields)
    return baker.make(model, seller=seller, **fields)


def find_factory(model):
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
