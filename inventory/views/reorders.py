"""Reorder suggestions from the factory: refill the pool before its cover runs below lead time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inventory.selectors.reorders import SAFETY_DAYS, reorder_suggestions
from inventory.services.inputs import whole_number
from inventory.services.reorders import confirm_reorder, set_factory_terms
from inventory.views.access import writer_required
from listings.models import Product
from portal.exceptions import PortalError
from portal.tenancy import tenant_object_view


@login_required
@require_http_methods(["GET", "POST"])
def reorder_list(request):
    errors, values = {}, {}
    if request.method == "POST":
        writer_required(request)
        values = request.POST
        try:
            set_factory_terms(
                seller=request.seller,
                sku=values.get("sku", ""),
                supplier=values.get("supplier", ""),
                lead_time_days=values.get("lead_time_days"),
                minimum_order_units=values.get("minimum_order_units"),
            )
        except PortalError as error:
            errors = error.fields
        else:
            messages.success(request, _("Factory terms saved."))
            return redirect("inventory:reorder_list")
    return render(
        request,
        "inventory/reorders.html",
        status=400 if errors else 200,
        context={
            "errors": errors,
            "values": values,
            "suggestions": reorder_suggestions(request.seller),
            "safety_days": SAFETY_DAYS,
            "can_write": request.membership is not None and request.membership.can_write,
        },
    )


@login_required
@tenant_object_view(Product)
@require_POST
def reorder_confirm(request, pk):
    writer_required(request)
    product = get_object_or_404(Product.objects.for_seller(request.seller), pk=pk)
    quantity = request.POST.get("quantity")
    try:
        plan = confirm_reorder(
            seller=request.seller,
            product=product,
            # Text that is not a whole number goes on as it is, for the service to refuse.
            quantity=None if quantity in (None, "") else (whole_number(quantity) or quantity),
            created_by=request.user,
        )
    except PortalError as error:
        messages.error(request, "; ".join(e for errs in error.fields.values() for e in errs) or error.detail)
        return redirect("inventory:reorder_list")
    messages.success(request, _("Inbound plan %(ref)s created.") % {"ref": plan.reference})
    return redirect("inventory:inbound_detail", pk=plan.pk)
