"""Refresh the seller's landed costs from the lanes (a job), from the pricing page's button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from logistics.services.landed_costs import start_landed_costs
from logistics.views.access import writer_required
from portal.tenancy import not_tenant_object_view


@login_required
@require_POST
@not_tenant_object_view("starts a job for the request's seller; takes no object id")
def landed_costs_refresh(request):
    writer_required(request)
    job = start_landed_costs(seller=request.seller, started_by=request.user)
    return redirect("job_detail", job.pk)
