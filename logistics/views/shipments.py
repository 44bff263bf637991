"""Shipment pages: list, create, detail, booking, cancelling, references and documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from logistics.forms.shipments import (
    CartonFormSet,
    ItemFormSet,
    ReferencesForm,
    ShipmentFilterForm,
    ShipmentForm,
    filled_rows,
)
from logistics.models import Shipment
from logistics.selectors.shipments import shipments_for_list, shipping_document
from logistics.services import shipments as shipment_services
from logistics.views.access import seller_required, shipment_or_404, writer_required
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view

SHIPMENTS_PER_PAGE = 25


@login_required
@require_GET
def shipment_list(request):
    seller_required(request)
    filters = ShipmentFilterForm(request.GET or None)
    shipments = shipments_for_list(seller=request.seller)
    if filters.is_valid():
        data = filters.cleaned_data
        for name, lookup in (
            ("status", "status"),
            ("booking_status", "booking_status"),
            ("purpose", "purpose"),
            ("lane", "lane__code"),
        ):
            if data.get(name):
                shipments = shipments.filter(**{lookup: data[name]})
        if data.get("destination"):
            term = data["destination"].strip()
            shipments = shipments.filter(
                Q(destination_country__iexact=term) | Q(destination_code__icontains=term)
            )
    page = Paginator(shipments, SHIPMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "shipments": page.object_list,
        "can_write": request.membership.can_write,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "logistics/shipments.html#shipment-table", context)
    return render(request, "logistics/shipments.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def shipment_create(request):
    writer_required(request)
    seller = request.seller
    if request.method == "POST":
        form = ShipmentForm(request.POST)
        cartons = CartonFormSet(request.POST, prefix="cartons")
        items = ItemFormSet(request.POST, prefix="items", seller=seller)
        if form.is_valid() and cartons.is_valid() and items.is_valid():
            data = form.cleaned_data
            try:
                shipment = shipment_services.create_shipment(
                    seller=seller,
                    purpose=Shipment.Purpose.MANUAL,
                    reference=data["reference"],
                    lane=data["lane"],
                    destination_code=data["destination_code"],
                    origin_address=data["origin_address"],
                    destination_address=data["destination_address"],
                    incoterm=data["incoterm"],
                    currency=data["currency"].upper(),
                    notes=data["notes"],
                    cartons=[c for row in filled_rows(cartons) for c in row.cartons()],
                    items=[
                        {
                            "product_id": row.cleaned_data["product"].pk,
                            "quantity": row.cleaned_data["quantity"],
                        }
                        for row in filled_rows(items)
                    ],
                    actor=request.user,
                )
            except PortalError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Shipment %(r)s created.") % {"r": shipment.reference})
                return redirect("logistics:shipment_detail", pk=shipment.pk)
    else:
        form = ShipmentForm()
        cartons = CartonFormSet(prefix="cartons")
        items = ItemFormSet(prefix="items", seller=seller)
    return render(request, "logistics/shipment_form.html", {"form": form, "cartons": cartons, "items": items})


@tenant_object_view(Shipment)
@login_required
@require_GET
def shipment_detail(request, pk: int):
    seller_required(request)
    shipment = shipment_or_404(request, pk)
    references = ReferencesForm(
        initial={
            "booking_number": shipment.booking_number,
            "transport_document_number": shipment.transport_document_number,
            "container_numbers": " ".join(shipment.container_numbers),
            "tracking_number": shipment.tracking_number,
        }
    )
    return render(
        request,
        "logistics/shipment_detail.html",
        {
            "shipment": shipment,
            "document": shipping_document(shipment=shipment),
            "references_form": references,
            "can_write": request.membership.can_write,
            "destination_problem": shipment_services.destination_node_problem(shipment),
        },
    )


def _act(request, pk, action) -> Shipment:
    writer_required(request)
    shipment = shipment_or_404(request, pk)
    try:
        action(shipment)
    except PortalError as error:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
        messages.error(request, f"{error.detail} {problems}".strip())
    return shipment


@tenant_object_view(Shipment)
@login_required
@require_POST
def shipment_book(request, pk: int):
    def book(shipment):
        shipment_services.book_shipment(
            seller=request.seller,
            shipment=shipment,
            booking_number=request.POST.get("booking_number", "").strip(),
            actor=request.user,
        )
        messages.success(request, _("Shipment %(r)s booked.") % {"r": shipment.reference})

    _act(request, pk, book)
    return redirect("logistics:shipment_detail", pk=pk)


@tenant_object_view(Shipment)
@login_required
@require_POST
def shipment_cancel(request, pk: int):
    def cancel(shipment):
        shipment_services.cancel_shipment(seller=request.seller, shipment=shipment, actor=request.user)
        messages.success(request, _("Shipment %(r)s cancelled.") % {"r": shipment.reference})

    _act(request, pk, cancel)
    return redirect("logistics:shipment_detail", pk=pk)


@tenant_object_view(Shipment)
@login_required
@require_POST
def shipment_references(request, pk: int):
    def save(shipment):
        form = ReferencesForm(request.POST)
        if not form.is_valid():
            raise PortalError(_("Check the references."), fields={k: list(v) for k, v in form.errors.items()})
        shipment_services.set_references(
            seller=request.seller, shipment=shipment, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("References saved."))

    _act(request, pk, save)
    return redirect("logistics:shipment_detail", pk=pk)


@tenant_object_view(Shipment)
@login_required
@require_GET
def shipment_invoice(request, pk: int):
    seller_required(request)
    shipment = shipment_or_404(request, pk)
    return render(
        request,
        "logistics/commercial_invoice.html",
        {
            "doc": shipping_document(shipment=shipment),
            "seller": request.seller,
            "today": timezone.localdate(),
        },
    )


@tenant_object_view(Shipment)
@login_required
@require_GET
def shipment_packing_list(request, pk: int):
    seller_required(request)
    shipment = shipment_or_404(request, pk)
    return render(
        request,
        "logistics/packing_list.html",
        {
            "doc": shipping_document(shipment=shipment),
            "seller": request.seller,
            "today": timezone.localdate(),
        },
    )
