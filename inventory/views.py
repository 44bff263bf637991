"""Pages of the inventory area: the global pool, inbound plans and storage costs."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.models import InboundLine, InboundShipment, Node
from inventory.selectors import pool_page, pool_row, recent_movements, region_totals
from inventory.services.adjustments import kind_choices, record_stock_change
from inventory.services.freight import (
    DEFAULT_ORIGIN_COUNTRY,
    book_inbound_freight,
    freight_for_plan,
    quote_plan_freight,
)
from inventory.services.inbound import create_inbound_shipment
from inventory.services.inputs import active_node, sku_quantity_lines, text_rows
from inventory.services.storage import storage_comparison
from listings.models import Product
from portal.exceptions import InvalidInput, PortalError
from portal.tenancy import tenant_object_view


def writer_required(request) -> None:
    """Changes are for operators, admins and owners; a viewer gets 403."""
    if request.membership is None or not request.membership.can_write:
        raise DjangoPermissionDenied(_("Viewers can read but not change anything."))


@login_required
def index(request):
    page_obj, rows = pool_page(
        request.seller, page=request.GET.get("page", 1), query=request.GET.get("q", "")
    )
    return render(
        request,
        "inventory/index.html",
        {
            "page_obj": page_obj,
            "rows": rows,
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


@login_required
def inbound_list(request):
    shipments = (
        InboundShipment.objects.for_seller(request.seller)
        .select_related("node")
        .order_by("-created_at")[:200]
    )
    errors, values = {}, {}
    if request.method == "POST":
        writer_required(request)
        values = request.POST
        products = {p.sku: p.pk for p in Product.objects.for_seller(request.seller).only("pk", "sku")}
        cartons = []
        lines, line_errors = sku_quantity_lines(values.get("lines", ""), products)
        if line_errors:
            errors["lines"] = line_errors
        keys = ("count", "length_mm", "width_mm", "height_mm", "weight_g")
        for number, cells in enumerate(text_rows(values.get("cartons", "")), start=1):
            if len(cells) != 5:
                errors.setdefault("cartons", []).append(
                    _("Carton line %(n)d: write “count, length mm, width mm, height mm, weight g”.")
                    % {"n": number}
                )
                continue
            cartons.append(dict(zip(keys, cells, strict=True)))
        try:
            expected = datetime.date.fromisoformat(values.get("expected_date", ""))
        except ValueError:
            expected = None
            errors["expected_date"] = [_("A date, YYYY-MM-DD.")]
        if not errors:
            try:
                shipment = create_inbound_shipment(
                    seller=request.seller,
                    reference=values.get("reference", ""),
                    node=active_node(values.get("node", "GWD-SZX")),
                    expected_date=expected,
                    lines=lines,
                    cartons=cartons,
                    notes=values.get("notes", ""),
                    created_by=request.user,
                )
            except InvalidInput as exc:
                errors = exc.fields
            else:
                messages.success(
                    request, _("Inbound shipment %(ref)s submitted.") % {"ref": shipment.reference}
                )
                return redirect("inventory:inbound_detail", pk=shipment.pk)
    return render(
        request,
        "inventory/inbound_list.html",
        {
            "shipments": shipments,
            "errors": errors,
            "values": values,
            "hubs": Node.objects.filter(kind=Node.Kind.GWD, is_active=True),
        },
        status=400 if errors else 200,
    )


@login_required
@tenant_object_view(InboundShipment)
def inbound_detail(request, pk):
    shipment = get_object_or_404(
        InboundShipment.objects.for_seller(request.seller).select_related("node"), pk=pk
    )
    lines = list(
        InboundLine.objects.for_seller(request.seller).filter(shipment=shipment).select_related("product")
    )
    return render(
        request,
        "inventory/inbound_detail.html",
        {
            "shipment": shipment,
            "lines": lines,
            "discrepancies": [line for line in lines if line.has_discrepancy],
            "receipts": shipment.receipts.model.objects.for_seller(request.seller).filter(shipment=shipment),
            "freight": freight_for_plan(seller=request.seller, plan=shipment),
            "can_write": request.membership.can_write,
        },
    )


@login_required
@tenant_object_view(InboundShipment)
@require_POST
def inbound_book_freight(request, pk):
    """Book the freight that carries an open plan to its hub, then show that shipment."""
    writer_required(request)
    plan = get_object_or_404(InboundShipment.objects.for_seller(request.seller), pk=pk)
    try:
        shipment, created = book_inbound_freight(seller=request.seller, plan=plan, actor=request.user)
    except PortalError as error:
        messages.error(request, error.detail)
        return redirect("inventory:inbound_detail", pk=plan.pk)
    if created:
        messages.success(
            request,
            _("Freight shipment %(shipment)s created for %(plan)s: choose a lane and book it.")
            % {"shipment": shipment.reference, "plan": plan.reference},
        )
    else:
        messages.info(request, _("This plan's freight shipment exists already."))
    return redirect("logistics:shipment_detail", pk=shipment.pk)


@login_required
@tenant_object_view(InboundShipment)
def inbound_quote(request, pk):
    """Compare freight for the plan's cartons and goods to its hub (reads only; viewers too)."""
    plan = get_object_or_404(InboundShipment.objects.for_seller(request.seller).select_related("node"), pk=pk)
    origin = (request.GET.get("origin_country") or DEFAULT_ORIGIN_COUNTRY).strip().upper()
    errors, quote = {}, None
    ready_on = None
    if request.GET.get("ready_on"):
        try:
            ready_on = datetime.date.fromisoformat(request.GET["ready_on"])
        except ValueError:
            errors["ready_on"] = [_("A date, YYYY-MM-DD.")]
    if not errors:
        try:
            quote = quote_plan_freight(
                seller=request.seller, plan=plan, origin_country=origin, ready_on=ready_on
            )
        except InvalidInput as error:
            errors = error.fields
    return render(
        request,
        "inventory/inbound_quote.html",
        {
            "shipment": plan,
            "quote": quote,
            "errors": errors,
            "origin_country": origin,
            "ready_on": request.GET.get("ready_on", ""),
            "can_write": request.membership.can_write,
            "freight": freight_for_plan(seller=request.seller, plan=plan),
        },
        status=400 if errors else 200,
    )


@login_required
def storage(request):
    return render(
        request,
        "inventory/storage.html",
        {"comparison": storage_comparison(request.seller, day=timezone.localdate())},
    )
