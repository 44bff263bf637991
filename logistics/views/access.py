"""What every logistics page checks first: a seller, a writer's role, the seller's own shipment."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from logistics.models import Shipment
from logistics.selectors.shipments import access_shipment


def seller_required(request) -> None:
    if request.seller is None:
        raise PermissionDenied(_("You do not belong to any seller yet."))


def writer_required(request) -> None:
    seller_required(request)
    if not request.membership.can_write:
        raise PermissionDenied(_("Viewers can read but not change anything."))


def shipment_or_404(request, pk) -> Shipment:
    try:
        return access_shipment(seller=request.seller, pk=pk)
    except Shipment.DoesNotExist as exc:
        raise Http404(_("No such shipment.")) from exc
