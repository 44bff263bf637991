"""What every inventory page that changes something checks first: a writer's role."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _


def writer_required(request) -> None:
    """Changes are for operators, admins and owners; a viewer gets 403."""
    if request.membership is None or not request.membership.can_write:
        raise DjangoPermissionDenied(_("Viewers can read but not change anything."))
