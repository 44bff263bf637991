"""Transparency pages: enrolments, code batches, CSV export and printable label sheets."""

from __future__ import annotations

import csv

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brands.forms.transparency import BatchForm, EnrolmentForm
from brands.models import TransparencyBatch, TransparencyEnrolment
from brands.selectors.transparency import batch_page, batch_serials, batches_of, enrolments_of
from brands.services import transparency
from brands.views.access import seller_required, writer_required
from listings.models import Product
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view

LABELS_PER_SHEET = 40


@login_required
@require_http_methods(["GET", "POST"])
def transparency_page(request):
    seller_required(request)
    products = Product.objects.for_seller(request.seller).exclude(gtin="").order_by("sku")
    form = EnrolmentForm(request.POST or None, products=products)
    if request.method == "POST":
        writer_required(request)
        if form.is_valid():
            try:
                transparency.enrol_product(
                    seller=request.seller,
                    product_id=form.cleaned_data["product"],
                    require_codes_at_inbound=form.cleaned_data["require_codes_at_inbound"],
                    actor=request.user,
                )
            except PortalError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Product enrolled in Transparency."))
                return redirect("brands:transparency")
    page = Paginator(batches_of(seller=request.seller), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "brands/transparency.html",
        {
            "form": form,
            "enrolments": enrolments_of(seller=request.seller),
            "batch_form": BatchForm(),
            "page": page,
            "batches": page.object_list,
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(TransparencyEnrolment)
@login_required
@require_POST
def batch_create(request, pk):
    seller_required(request)
    enrolment = transparency.access_enrolment(seller=request.seller, enrolment_id=pk)
    writer_required(request)
    form = BatchForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label}: {error}")
        return redirect("brands:transparency")
    try:
        batch = transparency.start_code_batch(
            seller=request.seller,
            enrolment=enrolment,
            quantity=form.cleaned_data["quantity"],
            actor=request.user,
        )
    except PortalError as exc:
        for name, errors in exc.fields.items():
            for error in errors:
                messages.error(request, f"{name}: {error}")
        return redirect("brands:transparency")
    messages.success(request, _("Generating %(n)s codes.") % {"n": batch.quantity})
    return redirect("brands:batch_detail", pk=batch.pk)


@tenant_object_view(TransparencyBatch)
@login_required
@require_GET
def batch_detail(request, pk):
    seller_required(request)
    batch = transparency.access_batch(seller=request.seller, batch_id=pk)
    sample = batch_page(seller=request.seller, batch=batch, offset=0, limit=10)
    return render(
        request,
        "brands/batch_detail.html",
        {
            "batch": batch,
            "sample": [(s, transparency.code_uri(batch.enrolment.gtin, s)) for s in sample],
            "sheets": range(1, (batch.quantity + LABELS_PER_SHEET - 1) // LABELS_PER_SHEET + 1)[:20],
        },
    )


class _Echo:
    def write(self, value):
        return value


@tenant_object_view(TransparencyBatch)
@login_required
@require_GET
def batch_csv(request, pk):
    """Every code of the batch: serial and GS1 Digital Link URI, streamed."""
    seller_required(request)
    batch = transparency.access_batch(seller=request.seller, batch_id=pk)
    writer = csv.writer(_Echo())
    gtin = batch.enrolment.gtin
    host = transparency.resolver_host()

    def rows():
        yield writer.writerow(["gtin", "serial", "uri"])
        prefix = f"https://{host}/01/{gtin}/21/"
        for serial in batch_serials(seller=request.seller, batch=batch):
            yield writer.writerow([gtin, serial, prefix + serial])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transparency-{gtin}-batch-{batch.pk}.csv"'
    return response


@tenant_object_view(TransparencyBatch)
@login_required
@require_GET
def batch_labels(request, pk):
    """A printable sheet of labels (QR code of the URI and its serial in text), by page."""
    seller_required(request)
    batch = transparency.access_batch(seller=request.seller, batch_id=pk)
    try:
        sheet = max(1, int(request.GET.get("sheet", "1")))
    except ValueError:
        sheet = 1
    serials = batch_page(
        seller=request.seller, batch=batch, offset=(sheet - 1) * LABELS_PER_SHEET, limit=LABELS_PER_SHEET
    )
    labels = []
    for serial in serials:
        uri = transparency.code_uri(batch.enrolment.gtin, serial)
        qr = segno.make(uri, error="m", micro=False)
        labels.append({"serial": serial, "uri": uri, "svg": qr.svg_inline(scale=2, border=2)})
    return render(request, "brands/batch_labels.html", {"batch": batch, "labels": labels, "sheet": sheet})
