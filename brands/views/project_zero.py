"""Project Zero: the owner's accuracy, its membership, joining."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brands.services import project_zero
from brands.views.access import seller_required, writer_required
from portal.exceptions import PortalError


@login_required
@require_GET
def project_zero_page(request):
    seller_required(request)
    allowed, why = project_zero.can_join(seller=request.seller)
    return render(
        request,
        "brands/project_zero.html",
        {
            "accuracy": project_zero.accuracy(seller=request.seller),
            "membership": project_zero.membership_of(seller=request.seller),
            "can_join": allowed,
            "why_not": why,
            "join_min": project_zero.JOIN_MIN_DECIDED,
            "join_accuracy": f"{project_zero.JOIN_ACCURACY * 100:.0f}%",
            "keep_accuracy": f"{project_zero.KEEP_ACCURACY * 100:.0f}%",
            "window": project_zero.ROLLING_WINDOW,
        },
    )


@login_required
@require_POST
def project_zero_join(request):
    writer_required(request)
    try:
        project_zero.join_project_zero(seller=request.seller, actor=request.user)
    except PortalError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Welcome to Project Zero: your confirmed cases are removed at once."))
    return redirect("brands:project_zero")
