"""What every brand protection page checks first: a seller, and a writer's role for changes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def seller_required(request) -> None:
    if request.seller is None:
        raise PermissionDenied(_("You do not belong to any seller yet."))


def writer_required(request) -> None:
    seller_required(request)
    if not request.membership.can_write:
        raise PermissionDenied(_("Viewers can look but not change anything."))
