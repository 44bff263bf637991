"""Pages of channel orders: the order list and detail, channel connections, the sales import.

Views are thin: they read a form, call one service or selector and render. Writers
(owner, admin, operator) may change things; viewers see the same pages without the forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inventory.forms.orders import (
    ConnectionForm,
    OrderFilterForm,
    PolicyForm,
    RingFenceForm,
    SalesImportForm,
    SkuMappingForm,
)
from inventory.models import ChannelConnection, ChannelOrder, ChannelSkuMapping, RingFence
from inventory.selectors.orders import access_connection, access_order, connection_list, order_list
from inventory.services.allocation import nodes_for_country, short_stock_policy, start_backorder_allocation
from inventory.services.fee_bands import band_warnings, order_moves
from inventory.services.orders import (
    cancel_order,
    create_channel_connection,
    map_channel_sku,
    set_ring_fence,
    set_short_stock_policy,
    ship_order,
)
from inventory.services.sales_import import import_sales_rows, read_sales_csv
from inventory.views.access import writer_required
from listings.models import Product
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view

ORDERS_PER_PAGE = 50


def _seller_required(request) -> None:
    if request.seller is None:
        raise PermissionDenied(_("You do not belong to any seller yet."))


def _writer_required(request) -> None:
    _seller_required(request)
    writer_required(request)


@login_required
def order_list_page(request):
    _seller_required(request)
    form = OrderFilterForm(request.GET or None)
    channel = status = ""
    if form.is_valid():
        channel, status = form.cleaned_data["channel"], form.cleaned_data["status"]
    page = Paginator(
        order_list(seller=request.seller, channel=channel, status=status), ORDERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "orders": page.object_list,
        "can_write": request.membership.can_write,
    }
    template = "inventory/orders/list.html#order-table" if request.htmx else "inventory/orders/list.html"
    return render(request, template, context)


@login_required
@require_POST
def backorder_allocation_start(request):
    """Start the re-allocation of every waiting order as a job; answer its progress partial.

    htmx swaps the partial in beneath the button and it polls itself until the job ends;
    without htmx the browser goes to the job's own page.
    """
    _writer_required(request)
    job = start_backorder_allocation(seller=request.seller, started_by=request.user)
    if request.htmx:
        return render(request, "portal/job_detail.html#job-progress", {"job": job})
    return redirect("job_detail", job_id=job.pk)


@tenant_object_view(ChannelOrder)
@login_required
def order_detail_page(request, pk):
    _seller_required(request)
    order = access_order(seller=request.seller, order_id=pk)
    lines = list(order.lines.select_related("product"))
    warnings = []
    if order.status in ChannelOrder.WAITING:
        nodes = nodes_for_country(order.ship_to_country)
        warnings = band_warnings(
            request.seller, order_moves(seller=request.seller, order=order, lines=lines, nodes=nodes)
        )
    return render(
        request,
        "inventory/orders/detail.html",
        {
            "order": order,
            "lines": lines,
            "band_warnings": warnings,
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(ChannelOrder)
@login_required
@require_POST
def order_action(request, pk, action):
    _writer_required(request)
    order = access_order(seller=request.seller, order_id=pk)
    operation = {"cancel": cancel_order, "ship": ship_order}.get(action)
    if operation is None:
        raise PermissionDenied
    # A shipment's tracking details go back to the channel (Shopify) with it.
    extra = {k: request.POST.get(k, "").strip()[:100] for k in ("tracking_number", "tracking_company")}
    try:
        operation(seller=request.seller, order=order, **(extra if action == "ship" else {}))
    except PortalError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Order %(order)s: done.") % {"order": order})
    return redirect("inventory:order_detail", pk=order.pk)


@login_required
@require_http_methods(["GET", "POST"])
def connections_page(request):
    _seller_required(request)
    form = ConnectionForm(prefix="connection")
    policy_form = PolicyForm(
        prefix="policy", initial={"short_stock_policy": short_stock_policy(seller=request.seller)}
    )
    if request.method == "POST":
        _writer_required(request)
        if "policy-short_stock_policy" in request.POST:
            policy_form = PolicyForm(request.POST, prefix="policy")
            if policy_form.is_valid():
                set_short_stock_policy(
                    seller=request.seller, policy=policy_form.cleaned_data["short_stock_policy"]
                )
                messages.success(request, _("Saved."))
                return redirect("inventory:channel_connections")
        else:
            form = ConnectionForm(request.POST, prefix="connection")
            if form.is_valid():
                try:
                    connection = create_channel_connection(seller=request.seller, **form.cleaned_data)
                except PortalError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("Connected. Give the channel the address shown below."))
                    return redirect("inventory:channel_connection", pk=connection.pk)
    context = {
        "connections": connection_list(seller=request.seller),
        "form": form,
        "policy_form": policy_form,
        "can_write": request.membership.can_write,
    }
    return render(request, "inventory/orders/connections.html", context)


@tenant_object_view(ChannelConnection)
@login_required
@require_http_methods(["GET", "POST"])
def connection_page(request, pk):
    _seller_required(request)
    connection = access_connection(seller=request.seller, connection_id=pk)
    mapping_form = SkuMappingForm(prefix="mapping")
    fence_form = RingFenceForm(prefix="fence")
    if request.method == "POST":
        _writer_required(request)
        if "mapping-channel_sku" in request.POST:
            mapping_form = SkuMappingForm(request.POST, prefix="mapping")
            saved = mapping_form.is_valid() and _save_mapping(request, connection, mapping_form)
        else:
            fence_form = RingFenceForm(request.POST, prefix="fence")
            saved = fence_form.is_valid() and _save_fence(request, connection, fence_form)
        if saved:
            messages.success(request, _("Saved."))
            return redirect("inventory:channel_connection", pk=connection.pk)
    context = {
        "connection": connection,
        "webhook_url": request.build_absolute_uri(connection.webhook_path) if connection.webhook_path else "",
        "mappings": ChannelSkuMapping.objects.for_seller(request.seller)
        .filter(connection=connection)
        .select_related("product"),
        "fences": RingFence.objects.for_seller(request.seller)
        .filter(connection=connection)
        .select_related("product", "node"),
        "mapping_form": mapping_form,
        "fence_form": fence_form,
        "can_write": request.membership.can_write,
    }
    return render(request, "inventory/orders/connection.html", context)


def _product(request, form) -> Product | None:
    sku = form.cleaned_data["product_sku"].strip()
    product = Product.objects.for_seller(request.seller).filter(sku=sku).first()
    if product is None:
        form.add_error("product_sku", _("No product of yours has the SKU %(sku)s.") % {"sku": sku})
    return product


def _save_mapping(request, connection, form) -> bool:
    product = _product(request, form)
    if product is None:
        return False
    try:
        map_channel_sku(
            seller=request.seller,
            connection=connection,
            channel_sku=form.cleaned_data["channel_sku"],
            product=product,
        )
    except PortalError as error:
        add_service_errors(form, error)
        return False
    return True


def _save_fence(request, connection, form) -> bool:
    product = _product(request, form)
    if product is None:
        return False
    try:
        set_ring_fence(
            seller=request.seller,
            connection=connection,
            product=product,
            node=form.cleaned_data["node"],
            quantity=form.cleaned_data["quantity"],
        )
    except PortalError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def sales_import_page(request):
    _seller_required(request)
    form = SalesImportForm()
    report = None
    if request.method == "POST":
        _writer_required(request)
        form = SalesImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows = read_sales_csv(form.cleaned_data["file"].read())
            except PortalError as error:
                add_service_errors(form, error)
            else:
                report = import_sales_rows(seller=request.seller, rows=rows)
    return render(
        request,
        "inventory/orders/sales_import.html",
        {"form": form, "report": report, "can_write": request.membership.can_write},
    )
