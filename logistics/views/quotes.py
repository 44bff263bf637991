"""The quote page: compare lanes for a set of cartons, and book the chosen lane in one step
with the same cartons and goods."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from logistics.forms.quotes import QuoteForm
from logistics.forms.shipments import (
    CartonFormSet,
    ItemFormSet,
    filled_rows,
)
from logistics.models import Lane
from logistics.services import shipments as shipment_services
from logistics.services.quotes import quote_lanes
from logistics.views.access import seller_required, writer_required
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def quote(request):
    seller_required(request)
    seller = request.seller
    result = None
    if request.method == "POST":
        form = QuoteForm(request.POST)
        cartons = CartonFormSet(request.POST, prefix="cartons")
        items = ItemFormSet(request.POST, prefix="items", seller=seller)
        if form.is_valid() and cartons.is_valid() and items.is_valid():
            carton_list = [c for row in filled_rows(cartons) for c in row.cartons()]
            item_list = [
                {"product_id": row.cleaned_data["product"].pk, "quantity": row.cleaned_data["quantity"]}
                for row in filled_rows(items)
            ]
            try:
                result = quote_lanes(
                    seller=seller,
                    origin_country=form.cleaned_data["origin_country"],
                    destination_country=form.cleaned_data["destination_country"],
                    ready_on=form.cleaned_data["ready_on"],
                    value_per_day=form.cleaned_data["value_per_day"],
                    modes=form.cleaned_data["modes"] or None,
                    cartons=carton_list,
                    items=item_list,
                )
            except PortalError as error:
                add_service_errors(form, error)
    else:
        form = QuoteForm(initial={"origin_country": "CN", "destination_country": "US"})
        cartons = CartonFormSet(prefix="cartons")
        items = ItemFormSet(prefix="items", seller=seller)
    context = {"form": form, "cartons": cartons, "items": items, "quote": result}
    if request.htmx and request.method == "POST":
        return render(request, "logistics/quote.html#quote-results", context)
    return render(request, "logistics/quote.html", context)


@login_required
@require_POST
def quote_book(request):
    """Book the lane chosen on the quote with the quote's cartons and goods: one click makes the
    shipment and books it. A quote that no longer validates goes back to the quote page with
    its errors; a shipment that cannot be booked stays a draft and its page says why."""
    writer_required(request)
    seller = request.seller
    form = QuoteForm(request.POST)
    cartons = CartonFormSet(request.POST, prefix="cartons")
    items = ItemFormSet(request.POST, prefix="items", seller=seller)
    lane = Lane.objects.filter(pk=request.POST.get("book_lane") or 0, active=True).first()
    if lane is None:
        form.is_valid()
        form.add_error(None, _("Choose one of the quoted lanes to book."))
    if lane is None or not (form.is_valid() and cartons.is_valid() and items.is_valid()):
        context = {"form": form, "cartons": cartons, "items": items, "quote": None}
        return render(request, "logistics/quote.html", context, status=400)
    try:
        shipment = shipment_services.create_shipment(
            seller=seller,
            lane=lane,
            origin_country=form.cleaned_data["origin_country"],
            destination_country=form.cleaned_data["destination_country"],
            cartons=[c for row in filled_rows(cartons) for c in row.cartons()],
            items=[
                {"product_id": row.cleaned_data["product"].pk, "quantity": row.cleaned_data["quantity"]}
                for row in filled_rows(items)
            ],
            actor=request.user,
        )
    except PortalError as error:
        add_service_errors(form, error)
        context = {"form": form, "cartons": cartons, "items": items, "quote": None}
        return render(request, "logistics/quote.html", context, status=400)
    try:
        shipment_services.book_shipment(seller=seller, shipment=shipment, actor=request.user)
    except PortalError as error:
        messages.error(
            request,
            _("Shipment %(r)s was made but not booked: %(why)s") % {"r": shipment.reference, "why": error},
        )
    else:
        messages.success(
            request,
            _("Shipment %(r)s booked on %(lane)s with %(n)d cartons.")
            % {"r": shipment.reference, "lane": lane.code, "n": shipment.cartons.count()},
        )
    target = reverse("logistics:shipment_detail", args=[shipment.pk])
    if request.htmx:
        # The quote posts with htmx: send the browser to the shipment's page, not into the results.
        return HttpResponse(status=204, headers={"HX-Redirect": target})
    return redirect(target)
