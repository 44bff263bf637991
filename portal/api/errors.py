"""One error shape for the whole API: `{"code", "detail", "fields"}`.

- `code` is stable (partners branch on it; the list is in docs/api.md);
- `detail` is a human sentence in the request's language;
- `fields` maps each offending field to its messages. Nested fields are dotted paths
  (`items.2.quantity`); errors about the request as a whole are under `non_field_errors`.
  It is `{}` when the error is not about fields.

`api_exception_handler` is DRF's EXCEPTION_HANDLER. It turns DRF's exceptions, the
domain's `portal.exceptions.PortalError`, Django's model `ValidationError`, `Http404` and
Django's `PermissionDenied` into that shape, and any other exception into a logged 500
with code `server_error` that reveals nothing of the failure. `portal.views.errors`
answers 404 and 500 outside DRF views (unknown /api/ paths) with the same body.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from portal.exceptions import Conflict, PortalError
from portal.services.retry import Busy, is_retryable

logger = logging.getLogger("portal.api")

NON_FIELD_KEY = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"

# The codes of the errors DRF raises, by exception class. Subclasses not listed here
# use their own `default_code`.
INVALID = "invalid"
SERVER_ERROR = "server_error"
NOT_FOUND = "not_found"

SERVER_ERROR_DETAIL = _("A server error occurred. It has been logged; please try again later.")
NOT_FOUND_DETAIL = _("Not found.")
INVALID_DETAIL = _("Some fields are not valid.")


def error_body(code: str, detail: Any, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The error body every API error answers with."""
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF/Django error structures to `{dotted.path: [messages]}`.

    Dicts nest by key, lists of per-item errors by index (a ListSerializer answers one
    dict per item, empty for the valid ones); a list of messages stays one entry.
    Messages with no field land under `non_field_errors`.
    """
    fields: dict[str, list[str]] = {}

    def add(path: str, message: Any) -> None:
        fields.setdefault(path or NON_FIELD_KEY, []).append(str(message))

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                key = NON_FIELD_KEY if key == NON_FIELD_ERRORS else str(key)
                walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, (list, tuple)):
            for index, inner in enumerate(value):
                if isinstance(inner, (dict, list, tuple)):
                    walk(inner, f"{path}.{index}" if path else str(index))
                else:
                    add(path, inner)
        elif value is not None:
            add(path, value)

    walk(detail, prefix)
    return fields


def _validation_detail(fields: dict[str, list[str]]) -> str:
    """A one-line summary naming the first problem, so a log line alone is useful."""
    if not fields:
        return str(INVALID_DETAIL)
    path, messages = next(iter(fields.items()))
    first = messages[0] if path == NON_FIELD_KEY else f"{path}: {messages[0]}"
    others = sum(len(m) for m in fields.values()) - 1
    if others:
        return gettext("%(first)s (and %(count)d more)") % {"first": first, "count": others}
    return first


def _django_validation_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return flatten_errors(exc.message_dict)
    return flatten_errors(exc.messages)


def _api_exception_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return exc.default_code


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's exception handler: every error becomes `{"code", "detail", "fields"}`."""
    if isinstance(exc, (ProtectedError, RestrictedError)):
        # A delete that history still refers to; services say what to do instead, this is
        # the backstop for one that does not.
        exc = Conflict(gettext("Other records still refer to this one, so it cannot be deleted."))
    if is_retryable(exc):
        # A deadlock or lock time-out outside a retried service: the work was rolled back
        # and may be sent again, which is what 503 + Retry-After say.
        exc = Busy()
    if isinstance(exc, PortalError):
        set_rollback()
        response = Response(
            error_body(exc.code, exc.detail, flatten_errors(exc.fields)), status=exc.status_code
        )
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        fields = _django_validation_fields(exc)
        return Response(error_body(INVALID, _validation_detail(fields), fields), status=400)

    # DRF's own handler maps Http404 and Django's PermissionDenied to its exceptions and
    # sets the headers: WWW-Authenticate on 401, Retry-After on 429.
    response = drf_exception_handler(exc, context)
    if response is None:
        return server_error_response(exc, context)

    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        response.data = error_body(INVALID, _validation_detail(fields), fields)
        return response

    if isinstance(exc, exceptions.APIException):
        code, detail = _api_exception_code(exc), exc.detail
    else:  # Http404 or django.core.exceptions.PermissionDenied, converted by DRF
        code = NOT_FOUND if response.status_code == status.HTTP_404_NOT_FOUND else "permission_denied"
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    if isinstance(detail, (dict, list)):
        response.data = error_body(
            code, gettext("The request could not be processed."), flatten_errors(detail)
        )
    else:
        response.data = error_body(code, detail)
    return response


def server_error_response(exc: Exception, context: dict[str, Any]) -> Response:
    """A 500 for an unexpected exception: logged with its traceback, shown without it."""
    request = context.get("request")
    view = context.get("view")
    logger.error(
        "Unhandled exception in API view %s on %s %s",
        type(view).__name__ if view is not None else "?",
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": getattr(request, "_request", request)},
    )
    set_rollback()
    return Response(
        error_body(SERVER_ERROR, SERVER_ERROR_DETAIL), status=status.HTTP_500_INTERNAL_SERVER_ERROR
    )
