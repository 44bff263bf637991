"""Error pages. API paths answer in the API's JSON error shape; pages render a template."""

from django.http import JsonResponse
from django.shortcuts import render


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": "Not found.", "fields": {}}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"code": "server_error", "detail": "A server error occurred.", "fields": {}}, status=500
        )
    return render(request, "500.html", status=500)
