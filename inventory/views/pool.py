"""Pool pages: the global pool by product and node, one product's stock and its changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.models import Node
from inventory.selectors.pool import pool_page, pool_row, recent_movements, region_totals
from inventory.services.adjustments import kind_choices, record_stock_change
from inventory.services.fee_bands import pool_band_costs
from inventory.views.access import writer_required
from listings.models import Product
from portal.exceptions import InvalidInput, PortalError
from portal.tenancy import tenant_object_view


@login_required
def index(request):
    page_obj, rows = pool_page(
        request.seller, page=request.GET.get("page", 1), query=request.GET.get("q", "")
    )
    band_rates, costs = pool_band_costs(request.seller, rows)
    for row in rows:
        row.band_costs = costs[row.product.pk]
    return render(
        request,
        "inventory/index.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "band_rates": band_rates,
            "regions": region_totals(request.seller),
            "q": request.GET.get("q", ""),
        },
    )


def _pool_detail_page(request, product, *, errors=None, values=None, status=200):
    return render(
        request,
        "inventory/pool_detail.html",
        {
            "product": product,
            "row": pool_row(request.seller, product),
            "movements": recent_movements(request.seller, product),
            "can_write": request.membership is not None and request.membership.can_write,
            "change_kinds": kind_choices(),
            "change_nodes": Node.objects.filter(is_active=True).order_by("kind", "code"),
            "errors": errors or {},
            "values": values or {},
        },
        status=status,
    )


@login_required
@tenant_object_view(Product)
def pool_detail(request, pk):
    product = get_object_or_404(Product.objects.for_seller(request.seller), pk=pk)
    return _pool_detail_page(request, product)


@login_required
@tenant_object_view(Product)
@require_POST
def pool_stock_change(request, pk):
    """Record an adjustment, damage or return of this SKU at a node (writers only)."""
    writer_required(request)
    product = get_object_or_404(Product.objects.for_seller(request.seller), pk=pk)
    try:
        movement = record_stock_change(
            seller=request.seller,
            product=product,
            node=request.POST.get("node", ""),
            kind=request.POST.get("kind", ""),
            quantity=request.POST.get("quantity", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except InvalidInput as error:
        return _pool_detail_page(request, product, errors=error.fields, values=request.POST, status=400)
    except PortalError as error:
        errors = {"quantity": [error.detail]} if not error.fields else error.fields
        return _pool_detail_page(
            request, product, errors=errors, values=request.POST, status=error.status_code
        )
    messages.success(
        request,
        _("%(kind)s of %(quantity)d at %(node)s recorded.")
        % {
            "kind": movement.get_kind_display(),
            "quantity": movement.on_hand_delta,
            "node": movement.node.code,
        },
    )
    return redirect("inventory:pool_detail", pk=product.pk)
