"""Notices against the seller's own products, and appeals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brands.forms.takedowns import AppealForm
from brands.models import Takedown
from brands.selectors.takedowns import notices_of
from brands.services import takedowns
from brands.views.access import seller_required, writer_required
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view


@login_required
@require_GET
def notice_list(request):
    seller_required(request)
    return render(request, "brands/notice_list.html", {"notices": notices_of(seller=request.seller)})


@tenant_object_view(Takedown)
@login_required
@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    seller_required(request)
    notice = takedowns.access_takedown(seller=request.seller, takedown_id=pk)
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        writer_required(request)
        if form.is_valid():
            try:
                takedowns.file_appeal(
                    seller=request.seller,
                    takedown=notice,
                    statement=form.cleaned_data["statement"],
                    evidence=form.cleaned_data["evidence"],
                    actor=request.user,
                )
            except PortalError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Appeal filed: operators will review it."))
                return redirect("brands:notice_detail", pk=notice.pk)
    return render(
        request,
        "brands/notice_detail.html",
        {
            "notice": notice,
            "appeals": notice.appeals.all(),
            "form": form,
            "can_write": request.membership.can_write,
        },
    )
