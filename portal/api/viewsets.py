"""Base viewsets of the partner API: every query runs inside the request seller's scope."""

from __future__ import annotations

import contextlib

from rest_framework import mixins, viewsets

from portal.api.permissions import request_seller
from portal.tenancy import seller_scope


class SellerScopedMixin:
    """Activates the authenticated seller's scope for the whole request.

    Subclasses set `queryset` (or override `get_queryset`) on a TenantModel and
    `required_scopes = {"read": "x:read", "write": "x:write"}`. Objects of another seller
    are outside the scope, so they answer 404 like objects that do not exist.
    """

    required_scopes: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        self._scope_stack = contextlib.ExitStack()
        # Authentication happens here; the scope needs its result.
        self.perform_authentication(request)
        seller = request_seller(request)
        if seller is not None:
            self._scope_stack.enter_context(seller_scope(seller))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        stack = getattr(self, "_scope_stack", None)
        if stack is not None:
            stack.close()
        return super().finalize_response(request, response, *args, **kwargs)

    @property
    def seller(self):
        return request_seller(self.request)

    def get_queryset(self):
        # Re-evaluate the class queryset inside the active scope on every request.
        return self.queryset.model.objects.for_seller(self.seller).all()


class SellerReadOnlyViewSet(SellerScopedMixin, viewsets.ReadOnlyModelViewSet):
    pass


class SellerModelViewSet(SellerScopedMixin, viewsets.ModelViewSet):
    pass


class SellerCreateListRetrieveViewSet(
    SellerScopedMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass
