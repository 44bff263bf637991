"""OpenAPI schema of the partner API: the error shape as a component on every operation,
and the Idempotency-Key header on the POSTs that honour it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from portal.api import idempotency

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField(help_text=_("Stable machine-readable code, e.g. `invalid`, `not_found`."))
    detail = serializers.CharField(help_text=_("A human sentence in the request's language."))
    # Declared fields are popped into _declared_fields, so this does not shadow `.fields`.
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_(
            "Messages per field; nested fields are dotted paths (`items.2.quantity`), errors about "
            "the whole request are under `non_field_errors`. Empty when the error is not about fields."
        ),
    )


def _error(description) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


ERROR_RESPONSES = {
    "400": _error(_("Invalid input (`invalid`, `parse_error`, `invalid_idempotency_key`).")),
    "401": _error(
        _("No API key, or an unknown or revoked one (`not_authenticated`, `authentication_failed`).")
    ),
    "403": _error(_("The key lacks the endpoint's scope (`insufficient_scope`), or the role forbids it.")),
    "404": _error(_("No such object for this seller (`not_found`).")),
    "409": _error(_("Conflict with the current state, or an Idempotency-Key reused or in progress.")),
    "429": _error(_("Too many requests for this key (`throttled`); see the Retry-After header.")),
}


def is_idempotent_operation(view, method: str) -> bool:
    if method != "POST":
        return False
    if isinstance(view, idempotency.IdempotentCreateMixin) and getattr(view, "action", None) == "create":
        return True
    action = getattr(view, "action", None)
    handler = getattr(view, action, None) if action else getattr(view, method.lower(), None)
    return bool(getattr(handler, "honours_idempotency_key", False))


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403", "429"]
        if self.method in WRITE_METHODS or self._is_list_view():
            codes.append("400")
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITE_METHODS:
            codes.append("409")
        for code in sorted(codes):
            responses.setdefault(code, self._get_response_for_code(ERROR_RESPONSES[code], code))
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if is_idempotent_operation(self.view, self.method):
            parameters.append(
                OpenApiParameter(
                    idempotency.HEADER,
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=_(
                        "A unique key (up to 200 characters, e.g. a UUID). A repeat with the same key and "
                        "body returns the first response with `Idempotent-Replayed: true`; the same key "
                        "with another body is a 409 `idempotency_key_reused`."
                    ),
                )
            )
        return parameters
