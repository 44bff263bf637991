"""The dashboard: where a signed-in seller lands.

It shows the seller's stage, its recent jobs, how many members it has and the
marketplaces it can sell in, in a fixed handful of queries.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from portal.models import Marketplace, Membership, Seller
from portal.selectors.jobs import recent_jobs

RECENT_JOBS = 5


@login_required
def dashboard(request):
    seller = request.seller
    context = {"seller": seller}
    if seller is not None:
        context.update(
            recent_jobs=list(recent_jobs(seller=seller)[:RECENT_JOBS]),
            member_count=Membership.objects.filter(seller=seller).count(),
            marketplaces=list(Marketplace.objects.filter(is_active=True).order_by("region", "code")),
            stages=Seller.Stage.choices,
        )
    return render(request, "portal/dashboard.html", context)


urlpatterns = [path("", dashboard, name="dashboard")]
