"""Inbound pages: plans of stock on its way to the GWD, their freight and quotes."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.models import InboundLine, InboundReceipt, InboundShipment, Node
from inventory.services.fee_bands import inbound_warnings
from inventory.services.freight import (
    DEFAULT_ORIGIN_COUNTRY,
    book_inbound_freight,
    freight_for_plan,
    quote_plan_freight,
)
from inventory.services.inbound import create_inbound_shipment, receive_inbound
from inventory.services.inputs import active_node, sku_quantity_lines, text_rows
from inventory.views.access import writer_required
from listings.models import Product
from portal.exceptions import InvalidInput, PortalError
from portal.tenancy import tenant_object_view


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
    warnings = []
    if shipment.is_open:
        warnings = inbound_warnings(seller=request.seller, plan=shipment, lines=lines)
    return render(
        request,
        "inventory/inbound_detail.html",
        {
            "shipment": shipment,
            "lines": lines,
            "band_warnings": warnings,
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
@tenant_object_view(InboundShipment)
@require_POST
def inbound_receive(request, pk):
    """Record the warehouse's count of an open plan from its page: received and damaged per
    line; the good units go on hand at the hub and the plan is received (or partly)."""
    writer_required(request)
    plan = get_object_or_404(InboundShipment.objects.for_seller(request.seller), pk=pk)
    product_ids = (
        InboundLine.objects.for_seller(request.seller)
        .filter(shipment=plan)
        .values_list("product_id", flat=True)
    )
    counts = [
        {
            "product": product_id,
            "received": request.POST.get(f"received-{product_id}", "").strip(),
            "damaged": request.POST.get(f"damaged-{product_id}", "").strip() or "0",
        }
        for product_id in product_ids
        if request.POST.get(f"received-{product_id}", "").strip()
    ]
    try:
        receipt = receive_inbound(
            seller=request.seller,
            shipment=plan,
            counts=counts,
            source=InboundReceipt.Source.OPERATOR,
            actor=request.user,
        )
    except PortalError as error:
        for message in [error.detail, *[m for ms in getattr(error, "fields", {}).values() for m in ms]]:
            if message:
                messages.error(request, message)
    else:
        good = sum(line["received"] - line["damaged"] for line in receipt.lines)
        messages.success(
            request,
            _("Count recorded: %(good)d good units are now in the pool at %(node)s.")
            % {"good": good, "node": plan.node.code},
        )
    return redirect("inventory:inbound_detail", pk=plan.pk)
