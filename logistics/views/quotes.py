"""The quote page: compare lanes for a set of cartons."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from logistics.forms.quotes import QuoteForm
from logistics.forms.shipments import (
    CartonFormSet,
    ItemFormSet,
    filled_rows,
)
from logistics.services.quotes import quote_lanes
from logistics.views.access import seller_required
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
