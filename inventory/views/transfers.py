"""Pages of stock transfers between nodes: the list, the create form, a transfer's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.models import Node, Transfer, TransferLine
from inventory.services.fee_bands import band_warnings, transfer_moves
from inventory.services.inputs import sku_quantity_lines, text_rows
from inventory.services.transfers import (
    cancel_transfer,
    close_transfer,
    create_transfer,
    dispatch_transfer,
)
from inventory.views.access import writer_required
from listings.models import Product
from portal.exceptions import InvalidInput, PortalError
from portal.tenancy import tenant_object_view

TRANSFERS_PER_PAGE = 50
CARTON_KEYS = ("count", "length_mm", "width_mm", "height_mm", "weight_g")


def _active_nodes():
    return Node.objects.filter(is_active=True).order_by("kind", "code")


@login_required
def transfer_list(request):
    status = request.GET.get("status", "")
    to_node = request.GET.get("to_node", "")
    query = request.GET.get("q", "").strip()
    transfers = (
        Transfer.objects.for_seller(request.seller)
        .select_related("from_node", "to_node")
        .annotate(line_count=Count("lines"), units=Sum("lines__quantity"))
        .order_by("-created_at", "-id")
    )
    if status in Transfer.Status.values:
        transfers = transfers.filter(status=status)
    if to_node:
        transfers = transfers.filter(to_node__code=to_node)
    if query:
        transfers = transfers.filter(reference__icontains=query)
    page = Paginator(transfers, TRANSFERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/transfer_list.html",
        {
            "page": page,
            "transfers": page.object_list,
            "statuses": Transfer.Status.choices,
            "nodes": _active_nodes(),
            "status": status,
            "to_node": to_node,
            "q": query,
            "can_write": request.membership is not None and request.membership.can_write,
        },
    )


@login_required
def transfer_create(request):
    """The form: from node, to node, lines of "SKU, quantity", optional notes (writers only)."""
    writer_required(request)
    errors, values = {}, request.GET
    if request.method == "POST":
        values = request.POST
        skus = {p.sku: p.pk for p in Product.objects.for_seller(request.seller).only("pk", "sku")}
        lines, line_errors = sku_quantity_lines(values.get("lines", ""), skus)
        if line_errors:
            errors["lines"] = line_errors
        if not errors:
            try:
                transfer = create_transfer(
                    seller=request.seller,
                    reference=values.get("reference", ""),
                    from_node=values.get("from_node", ""),
                    to_node=values.get("to_node", ""),
                    lines=lines,
                    notes=values.get("notes", ""),
                    created_by=request.user,
                )
            except InvalidInput as error:
                errors = error.fields
            else:
                messages.success(
                    request, _("Transfer %(ref)s saved as a draft.") % {"ref": transfer.reference}
                )
                return redirect("inventory:transfer_detail", pk=transfer.pk)
    return render(
        request,
        "inventory/transfer_form.html",
        {"errors": errors, "values": values, "nodes": _active_nodes()},
        status=400 if errors else 200,
    )


def _transfer(request, pk) -> Transfer:
    return get_object_or_404(
        Transfer.objects.for_seller(request.seller).select_related("from_node", "to_node", "shipment"), pk=pk
    )


@login_required
@tenant_object_view(Transfer)
def transfer_detail(request, pk):
    transfer = _transfer(request, pk)
    lines = list(
        TransferLine.objects.for_seller(request.seller).filter(transfer=transfer).select_related("product")
    )
    warnings = []
    if transfer.status == Transfer.Status.DRAFT:
        warnings = band_warnings(
            request.seller, transfer_moves(seller=request.seller, transfer=transfer, lines=lines)
        )
    return render(
        request,
        "inventory/transfer_detail.html",
        {
            "transfer": transfer,
            "lines": lines,
            "band_warnings": warnings,
            "can_close": transfer.status == Transfer.Status.RECEIVED
            and transfer.closed_at is None
            and any(line.quantity_short for line in lines),
            "can_write": request.membership is not None and request.membership.can_write,
        },
    )


@login_required
@tenant_object_view(Transfer)
@require_POST
def transfer_dispatch(request, pk):
    """Book the freight and move the units (writers only); cartons are optional."""
    writer_required(request)
    transfer = _transfer(request, pk)
    cartons = []
    for number, cells in enumerate(text_rows(request.POST.get("cartons", "")), start=1):
        numbers = [int(c) if c.isdigit() else None for c in cells]
        if len(numbers) != 5 or None in numbers or 0 in numbers:
            messages.error(
                request,
                _(
                    "Carton line %(n)d: write “count, length mm, width mm, height mm, weight g”, "
                    "each 1 or more."
                )
                % {"n": number},
            )
            return redirect("inventory:transfer_detail", pk=transfer.pk)
        count, length, width, height, weight = numbers
        cartons.extend(
            {"length_mm": length, "width_mm": width, "height_mm": height, "weight_g": weight}
            for _number in range(min(count, 500))
        )
    try:
        transfer = dispatch_transfer(
            seller=request.seller, transfer=transfer, cartons=cartons, actor=request.user
        )
    except PortalError as error:
        details = [message for field_messages in error.fields.values() for message in field_messages]
        messages.error(request, " ".join([error.detail, *details]))
    else:
        messages.success(
            request,
            _("Transfer %(ref)s is on its way on shipment %(shipment)s.")
            % {
                "ref": transfer.reference,
                "shipment": transfer.shipment.reference if transfer.shipment else "—",
            },
        )
    return redirect("inventory:transfer_detail", pk=transfer.pk)


@login_required
@tenant_object_view(Transfer)
@require_POST
def transfer_cancel(request, pk):
    writer_required(request)
    transfer = _transfer(request, pk)
    try:
        cancel_transfer(seller=request.seller, transfer=transfer, actor=request.user)
    except PortalError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Transfer %(ref)s cancelled.") % {"ref": transfer.reference})
    return redirect("inventory:transfer_detail", pk=transfer.pk)


@login_required
@tenant_object_view(Transfer)
@require_POST
def transfer_close(request, pk):
    """Close a transfer received short: the missing units are written off as lost (writers only)."""
    writer_required(request)
    transfer = _transfer(request, pk)
    try:
        close_transfer(
            seller=request.seller,
            transfer=transfer,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
    except PortalError as error:
        details = [message for field_messages in error.fields.values() for message in field_messages]
        messages.error(request, " ".join([error.detail, *details]))
    else:
        messages.success(
            request,
            _("Transfer %(ref)s closed; the missing units are written off as lost in transit.")
            % {"ref": transfer.reference},
        )
    return redirect("inventory:transfer_detail", pk=transfer.pk)
