"""One way to put a service's errors on a form, for every app's pages."""

from __future__ import annotations

from portal.exceptions import PortalError


def add_service_errors(form, exc: PortalError, *, default_field: str | None = None) -> None:
    """Put a service's field errors beside the form's fields. Errors of fields the form does
    not have (nested ones such as `cartons.1.width_mm`) go to `default_field` (None: the form
    itself) with the field named; a detail that names no field goes there too."""
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
        else:
            named = name not in ("non_field_errors", "__all__")
            for error in errors:
                form.add_error(default_field, f"{name}: {error}" if named else error)
    if not exc.fields:
        form.add_error(default_field, exc.detail)
