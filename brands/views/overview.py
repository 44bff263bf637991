"""The brand protection overview: the seller's brands, cases, Project Zero and notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from brands.models import Brand, Takedown
from brands.selectors.cases import case_counts
from brands.services import project_zero
from brands.views.access import seller_required


@login_required
@require_GET
def index(request):
    seller_required(request)
    seller = request.seller
    return render(
        request,
        "brands/index.html",
        {
            "brands": Brand.objects.for_seller(seller).order_by("name"),
            "case_counts": case_counts(seller=seller),
            "accuracy": project_zero.accuracy(seller=seller),
            "membership": project_zero.membership_of(seller=seller),
            "open_notices": Takedown.objects.for_seller(seller)
            .filter(status__in=[Takedown.Status.NOTICE, Takedown.Status.REMOVED])
            .count(),
        },
    )
