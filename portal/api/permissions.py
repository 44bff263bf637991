"""Who may call an endpoint: an API key with the endpoint's scope, or a seller's member."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from portal.models import APIKey

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_seller(request):
    """The seller the API request acts for: the key's seller, or the session's."""
    if isinstance(request.auth, APIKey):
        return request.auth.seller
    return getattr(request._request, "seller", None)


class HasSellerAccess(permissions.BasePermission):
    """Requires a seller. Keys need the view's `required_scopes` ({"read": ..., "write": ...}),
    and are refused where the view names none; members need a writer role for anything
    but reads. Refusals carry code `insufficient_scope` or `permission_denied`."""

    message = _(
        "Authentication with an API key (Authorization: Bearer <key>) or a signed-in member is required."
    )
    code = "permission_denied"

    def has_permission(self, request, view):
        if request_seller(request) is None:
            return False
        is_read = request.method in READ_METHODS
        if isinstance(request.auth, APIKey):
            needed = getattr(view, "required_scopes", {}).get("read" if is_read else "write")
            if needed is None:
                # Fail closed: an endpoint that names no scope is not open to every key.
                self.message = _("API keys cannot call this endpoint with %(method)s.") % {
                    "method": request.method
                }
                self.code = "insufficient_scope"
                return False
            if needed not in request.auth.scopes:
                self.message = _("This API key lacks the scope '%(scope)s'.") % {"scope": needed}
                self.code = "insufficient_scope"
                return False
            return True
        membership = getattr(request._request, "membership", None)
        if membership is None:
            return False
        if not is_read and not membership.can_write:
            self.message = _("Viewers can read but not change anything.")
            return False
        return True
