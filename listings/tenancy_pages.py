"""What every listings page checks first: a seller, and a writer's role for changes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portal.exceptions import InvalidInput


def seller_required(request) -> None:
    if request.seller is None:
        raise PermissionDenied(_("You do not belong to any seller yet."))


def writer_required(request) -> None:
    seller_required(request)
    if not request.membership.can_write:
        raise PermissionDenied(_("Viewers can look but not change anything."))


def add_errors(form, exc: InvalidInput, *, default_field: str | None = None) -> None:
    """Put a service's field errors beside the form's fields (others on the form)."""
    for name, errors in exc.fields.items():
        target = name if name in form.fields else default_field
        for error in errors:
            form.add_error(target, error)
    if not exc.fields:
        form.add_error(default_field, exc.detail)
