"""Domain exceptions of the tenancy core. Each carries the facts a caller needs."""

from __future__ import annotations


class PortalError(Exception):
    """Base of the domain errors the API and the pages turn into messages."""

    code = "error"
    status_code = 400
    default_detail = "The request could not be processed."

    def __init__(self, detail: str | None = None, *, fields: dict[str, list[str]] | None = None):
        self.detail = detail or self.default_detail
        self.fields = fields or {}
        super().__init__(self.detail)


class InvalidInput(PortalError):
    """Input that breaks a rule; `fields` maps each field to what was wrong and what is allowed."""

    code = "invalid"
    default_detail = "Some fields are not valid."


class PermissionDenied(PortalError):
    code = "permission_denied"
    status_code = 403
    default_detail = "Your role does not allow this."


class Conflict(PortalError):
    code = "conflict"
    status_code = 409
    default_detail = "The request conflicts with the current state."
