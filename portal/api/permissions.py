"""Who may call an endpoint: an API key with the endpoint's scope, or a seller's member."""

from rest_framework import permissions

from portal.models import APIKey

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_seller(request):
    """The seller the API request acts for: the key's seller, or the session's."""
    if isinstance(request.auth, APIKey):
        return request.auth.seller
    return getattr(request._request, "seller", None)


class HasSellerAccess(permissions.BasePermission):
    """Requires a seller. Keys need the view's `required_scopes` ({"read": ..., "write": ...});
    members need a writer role for anything but reads."""

    message = (
        "Authentication with an API key (Authorization: Bearer <key>) or a signed-in member is required."
    )

    def has_permission(self, request, view):
        if request_seller(request) is None:
            return False
        is_read = request.method in READ_METHODS
        if isinstance(request.auth, APIKey):
            needed = getattr(view, "required_scopes", {}).get("read" if is_read else "write")
            if needed is None:
                return True
            if needed not in request.auth.scopes:
                self.message = f"This API key lacks the scope '{needed}'."
                return False
            return True
        membership = getattr(request._request, "membership", None)
        if membership is None:
            return False
        if not is_read and not membership.can_write:
            self.message = "Viewers can read but not change anything."
            return False
        return True
