"""Tenancy core: the seller scope that every query of tenant data goes through.

Built on django-scopes, so it fails closed: a query of a `TenantModel` outside an active
seller scope raises `ScopeError` instead of returning every seller's rows.

- Pages: `portal.middleware.CurrentSellerMiddleware` sets `request.seller` and activates
  its scope.
- API: the base viewset activates the scope of the API key's (or session's) seller.
- Services and tasks: `Model.objects.for_seller(seller)` names the seller explicitly;
  tasks re-enter the scope with `seller_scope(seller)`.
- Platform jobs that must read across sellers use
  `portal.services.platform_scope.platform_scope(reason=...)`, the one escape hatch,
  which writes an audit event each time it is opened.

This module imports no model of the portal (the `seller` foreign key names "portal.Seller"
by string), so the models can build on it without an import circle.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db import models
from django_scopes import ScopedManager, scope
from django_scopes.exceptions import ScopeError

if TYPE_CHECKING:
    from portal.models import Seller

logger = logging.getLogger(__name__)

SESSION_SELLER_KEY = "current_seller_id"
ADMIN_PATH_PREFIX = "/admin/"

__all__ = [
    "ScopeError",
    "TenantModel",
    "seller_scope",
]


class _TenantManagerBase(models.Manager):
    def for_seller(self, seller: Seller) -> models.QuerySet:
        """This seller's rows, whatever scope is active. Raises ScopeError for no seller."""
        if seller is None or getattr(seller, "pk", None) is None:
            raise ScopeError("for_seller() needs a saved seller.")
        return self.with_scope(seller=seller.pk).get_queryset()


def TenantManager():  # noqa: N802 - mirrors django-scopes' ScopedManager factory
    return ScopedManager(seller="seller_id", _manager_class=_TenantManagerBase)


class TenantModel(models.Model):
    """Base of every seller-owned row: carries `seller` and the fail-closed manager."""

    seller = models.ForeignKey("portal.Seller", on_delete=models.CASCADE, related_name="+")

    objects = TenantManager()

    class Meta:
        abstract = True


@contextlib.contextmanager
def seller_scope(seller: Seller) -> Iterator[None]:
    """Activate one seller's scope: tenant queries inside see only its rows."""
    if seller is None or seller.pk is None:
        raise ScopeError("seller_scope() needs a saved seller.")
    with scope(seller=seller.pk):
        yield


def tenant_object_view(model, *, lookup: str = "pk"):
    """Declare which tenant model a page's URL argument names.

    The cross-tenant test walks every URL; a page with URL arguments must say which
    model they select, so the test can ask for another seller's object and expect 404.
    """

    def mark(view):
        view.tenant_model = model
        view.tenant_lookup = lookup
        return view

    return mark


def not_tenant_object_view(reason: str):
    """Declare that a page's URL arguments do not name a seller's object (and why)."""

    def mark(view):
        view.tenant_model = None
        view.not_tenant_reason = reason
        return view

    return mark
