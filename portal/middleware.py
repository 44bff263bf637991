"""The middleware that sets the request's seller and activates its scope for the whole request."""

from __future__ import annotations

from django_scopes import scopes_disabled

from portal.selectors.memberships import choose_membership, memberships_of_user
from portal.tenancy import ADMIN_PATH_PREFIX, SESSION_SELLER_KEY, seller_scope


class CurrentSellerMiddleware:
    """Sets `request.seller` and `request.membership` and activates that seller's scope.

    The seller is the one chosen in the session, if the user still belongs to it, else
    the user's first membership. Anonymous users and users without a membership get
    `request.seller = None`, and any query of tenant data in their request raises.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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


class BusyDatabaseMiddleware:
    """A deadlock or lock time-out that escaped a view answers 503 with Retry-After, not 500.

    The database rolled the request's work back, so sending it again is safe; services that
    lock rows retry such failures themselves (`portal.services.retry`), this is the backstop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import JsonResponse
        from django.shortcuts import render

        from portal.api.errors import error_body
        from portal.services.retry import Busy, is_retryable

        if not is_retryable(exception):
            return None
        busy = Busy()
        if request.path.startswith("/api/"):
            response = JsonResponse(error_body(busy.code, busy.detail), status=busy.status_code)
        else:
            response = render(request, "503.html", status=busy.status_code)
        response["Retry-After"] = str(busy.retry_after)
        return response
