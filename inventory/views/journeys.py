"""Journey pages: a batch of goods followed from the factory to the shelf, leg by leg."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inventory.forms.journeys import JourneyForm
from inventory.models import Journey
from inventory.selectors.journeys import access_journey, journey_timeline
from inventory.services.journeys import start_journey
from inventory.views.access import writer_required
from portal.exceptions import InvalidInput
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view


@login_required
@require_http_methods(["GET", "POST"])
def journey_list(request):
    form = JourneyForm(seller=request.seller)
    if request.method == "POST":
        writer_required(request)
        form = JourneyForm(request.POST, seller=request.seller)
        if form.is_valid():
            try:
                journey = start_journey(seller=request.seller, **form.cleaned_data)
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                return redirect("inventory:journey_detail", pk=journey.pk)
    journeys = Journey.objects.for_seller(request.seller).order_by("-created_at", "-id")[:100]
    return render(
        request,
        "inventory/journey_list.html",
        {
            "journeys": journeys,
            "form": form,
            "can_write": request.membership is not None and request.membership.can_write,
        },
    )


@login_required
@tenant_object_view(Journey)
def journey_detail(request, pk):
    try:
        journey = access_journey(seller=request.seller, pk=pk)
    except Journey.DoesNotExist as exc:
        raise Http404(_("No such journey.")) from exc
    return render(
        request, "inventory/journey_detail.html", {"timeline": journey_timeline(request.seller, journey)}
    )
