"""Tenancy core: the seller scope that every query of tenant data goes through.

Built on django-scopes, so it fails closed: a query of a `TenantModel` outside an active
seller scope raises `ScopeError` instead of returning every seller's rows.

- Pages: `CurrentSellerMiddleware` sets `request.seller` and activates its scope.
- API: the base viewset activates the scope of the API key's (or session's) seller.
- Services and tasks: `Model.objects.for_seller(seller)` names the seller explicitly;
  tasks re-enter the scope with `seller_scope(seller)`.
- Platform jobs that must read across sellers use `platform_scope(reason=...)`, the one
  escape hatch, which writes an audit event each time it is opened.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

if TYPE_CHECKING:
    from portal.models import Seller

logger = logging.getLogger(__name__)

SESSION_SELLER_KEY = "current_seller_id"
ADMIN_PATH_PREFIX = "/admin/"

__all__ = [
    "ScopeError",
    "TenantModel",
    "platform_scope",
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


@contextlib.contextmanager
def platform_scope(*, reason: str, actor=None) -> Iterator[None]:
    """The escape hatch: read across sellers, for platform jobs and operators.

    Every opening is recorded in the audit log with its reason, so cross-tenant reads
    are rare, named and reviewable.
    """
    if not reason:
        raise ValueError("platform_scope() needs a reason.")
    from portal.services.audit import record_audit_event

    record_audit_event(
        seller=None,
        actor=actor,
        action="platform.scope_opened",
        summary=reason,
    )
    with scopes_disabled():
        yield


class CurrentSellerMiddleware:
    """Sets `request.seller` and `request.membership` and activates that seller's scope.

    The seller is the one chosen in the session, if the user still belongs to it, else
    the user's first membership. Anonymous users and users without a membership get
    `request.seller = None`, and any query of tenant data in their request raises.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portal.selectors.memberships import choose_membership, memberships_of_user

        request.seller = None
        request.membership = None
        request.user_memberships = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.user_memberships = list(memberships_of_user(user=user).order_by("created_at", "id"))
            membership = choose_membership(request.user_memberships, request.session.get(SESSION_SELLER_KEY))
            if membership is not None:
                request.membership = membership
                request.seller = membership.seller
        if request.path.startswith(ADMIN_PATH_PREFIX) and user is not None and user.is_staff:
            # The admin is the operators' platform surface: they see every seller.
            with scopes_disabled():
                return self.get_response(request)
        if request.seller is None:
            return self.get_response(request)
        with seller_scope(request.seller):
            return self.get_response(request)


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
