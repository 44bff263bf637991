"""The logistics area's start page: shipments that need a look, shipments by status, on-time
delivery per lane, recent shipments, and the lanes with their rate cards."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from logistics.selectors.dashboard import attention_tiles, on_time_by_lane, status_chart
from logistics.selectors.lanes import lanes_overview
from logistics.selectors.shipments import shipments_for_list
from logistics.views.access import seller_required


@login_required
@require_GET
def index(request):
    seller_required(request)
    today = timezone.localdate()
    recent = shipments_for_list(seller=request.seller)[:5]
    return render(
        request,
        "logistics/index.html",
        {
            "lanes": lanes_overview(on=today),
            "today": today,
            "recent": recent,
            "tiles": attention_tiles(request.seller),
            "status_chart": status_chart(seller=request.seller),
            "on_time_chart": on_time_by_lane(seller=request.seller),
        },
    )
