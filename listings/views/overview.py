"""The listings area's start page: listings by state in each marketplace, what is blocked and
why, and the listings changed last."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from listings.selectors.dashboard import (
    blocked_reasons,
    recent_changes,
    state_counts,
    states_by_marketplace_chart,
)
from listings.views.access import seller_required


@login_required
@require_GET
def index(request):
    seller_required(request)
    seller = request.seller
    counts = state_counts(seller=seller)
    return render(
        request,
        "listings/index.html",
        {
            "counts": counts,
            "total": sum(n for _state, _label, n in counts),
            "state_chart": states_by_marketplace_chart(seller=seller),
            "blocked_reasons": blocked_reasons(seller=seller),
            "recent": recent_changes(seller=seller),
        },
    )
