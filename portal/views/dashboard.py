"""The dashboard: where a signed-in seller lands, answering "what needs me today".

Tiles and charts come from every area through `portal.dashboard` (each area registers its
sources), each tile linking to the filtered page where the seller acts on it; below them the
seller's stage and recent jobs. A fixed handful of queries whatever the seller's size.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from portal.dashboard import dashboard_charts, dashboard_tiles
from portal.models import Seller
from portal.selectors.jobs import recent_jobs

RECENT_JOBS = 5


@login_required
def dashboard(request):
    seller = request.seller
    context = {"seller": seller}
    if seller is not None:
        context.update(
            tiles=dashboard_tiles(seller=seller),
            charts=dashboard_charts(seller=seller),
            recent_jobs=list(recent_jobs(seller=seller)[:RECENT_JOBS]),
            stages=Seller.Stage.choices,
        )
    return render(request, "portal/dashboard.html", context)


urlpatterns = [path("", dashboard, name="dashboard")]
