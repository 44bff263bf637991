"""Error pages. API paths answer in the API's JSON error shape; pages render a template.

These run outside DRF views: for a URL that matches no route (404) and for an exception
that escaped a view (500). Under /api/ the body is the one every API error has.
"""

from django.http import JsonResponse
from django.shortcuts import render

from portal.api.errors import NOT_FOUND, NOT_FOUND_DETAIL, SERVER_ERROR, SERVER_ERROR_DETAIL, error_body


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body(NOT_FOUND, NOT_FOUND_DETAIL), status=404)
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    """A styled page that says why (the PermissionDenied's message) and who can change it."""
    if _is_api(request):
        return JsonResponse(error_body("permission_denied", str(exception or "")), status=403)
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request):
    if _is_api(request):
        return JsonResponse(error_body(SERVER_ERROR, SERVER_ERROR_DETAIL), status=500)
    return render(request, "500.html", status=500)
