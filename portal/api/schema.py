"""OpenAPI schema of the partner API: the error shape as a component on every operation,
the Idempotency-Key header on the POSTs that honour it, the scope each operation needs
(in its security requirement and its description), and query enums known only once
every app has loaded (a view's `query_enums = {"kind": callable}`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from portal.api import idempotency
from portal.api.permissions import READ_METHODS
from portal.numbers import MAX_ID

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


API_KEY_SCHEME = "ApiKeyAuth"

ERROR_RESPONSES = {
    "400": _error(_("Invalid input (`invalid`, `parse_error`, `invalid_idempotency_key`).")),
    "401": _error(
        _("No API key, or an unknown or revoked one (`not_authenticated`, `authentication_failed`).")
    ),
    "403": _error(_("The key lacks the endpoint's scope (`insufficient_scope`), or the role forbids it.")),
    "404": _error(_("No such object for this seller (`not_found`).")),
    "409": _error(_("Conflict with the current state, or an Idempotency-Key reused or in progress.")),
    "415": _error(_("The body's content type is not one the operation reads (`unsupported_media_type`).")),
    "429": _error(_("Too many requests for this key (`throttled`); see the Retry-After header.")),
    "503": _error(
        _("Others were changing the same records; nothing changed (`busy`). Retry after Retry-After seconds.")
    ),
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
        # 400 everywhere: any operation may be sent a query or body it cannot read.
        codes = ["400", "401", "403", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITE_METHODS:
            codes.extend(["409", "503"])
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        for code in sorted(codes):
            responses.setdefault(code, self._get_response_for_code(ERROR_RESPONSES[code], code))
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(field, serializers.PrimaryKeyRelatedField)
            and isinstance(schema, dict)
            and schema.get("type") == "integer"
        ):
            # An object's id: the range a 64-bit primary key holds.
            schema = {**schema, "minimum": 1, "maximum": MAX_ID}
        return schema

    def required_scope(self) -> str | None:
        """The scope an API key needs for this operation; None when keys may not call it."""
        scopes = getattr(self.view, "required_scopes", None) or {}
        return scopes.get("read" if self.method in READ_METHODS else "write")

    def _is_key_endpoint(self) -> bool:
        return self.path.startswith("/api/") and hasattr(self.view, "required_scopes")

    def get_auth(self):
        auth = super().get_auth()
        if not self._is_key_endpoint():
            return auth
        scope = self.required_scope()
        requirements = []
        for requirement in auth:
            if API_KEY_SCHEME in requirement:
                if scope is None:
                    continue  # keys are refused here: members only
                requirement = {API_KEY_SCHEME: [scope]}
            requirements.append(requirement)
        return requirements

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None or not self._is_key_endpoint():
            return operation
        # Here rather than in get_description, which an extend_schema(description=…) replaces.
        scope = self.required_scope()
        if scope is None:
            note = str(_("API keys cannot call this operation; signed-in members only."))
        else:
            note = str(_("Required scope: `%(scope)s`.")) % {"scope": scope}
        description = operation.get("description", "")
        operation["description"] = f"{description}\n\n{note}" if description else note
        return operation

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        for name, choices in getattr(self.view, "query_enums", {}).items():
            if self.method == "GET" and self._is_list_view():
                parameters.append(
                    OpenApiParameter(
                        name,
                        OpenApiTypes.STR,
                        OpenApiParameter.QUERY,
                        required=False,
                        enum=[str(value) for value, _label in choices()],
                    )
                )
        if is_idempotent_operation(self.view, self.method):
            parameters.append(
                OpenApiParameter(
                    idempotency.HEADER,
                    # What `idempotency._header_key` accepts: 1–200 printable ASCII characters.
                    {
                        "type": "string",
                        "pattern": f"^[!-~]([ -~]{{0,{idempotency.MAX_KEY_LENGTH - 2}}}[!-~])?$",
                    },
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
