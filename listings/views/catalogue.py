"""Catalogue pages: product list, create, edit, images, compliance documents, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from listings.forms.catalogue import DocumentForm, ImageForm, ImportForm, ProductForm
from listings.models import Product
from listings.selectors.listings import listings_of_product
from listings.services import catalogue, compliance, imports
from listings.views.access import seller_required, writer_required
from portal.exceptions import InvalidInput
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view

PRODUCTS_PER_PAGE = 50


@login_required
@require_GET
def product_list(request):
    seller_required(request)
    filters = {name: request.GET.get(name, "").strip() for name in ("q", "status", "brand", "category")}
    products = catalogue.search_products(
        seller=request.seller,
        query=filters["q"],
        status=filters["status"],
        brand=filters["brand"],
        category=filters["category"],
    )
    page = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "listings/product_list.html",
        {
            "page": page,
            "products": page.object_list,
            "filters": filters,
            "statuses": Product.Status.choices,
            "brands": catalogue.brands_of(seller=request.seller),
            "can_write": request.membership.can_write,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request):
    seller_required(request)
    form = ProductForm(request.POST or None)
    if request.method == "POST":
        writer_required(request)
        if form.is_valid():
            try:
                product = catalogue.create_product(seller=request.seller, **form.values())
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Product %(sku)s created.") % {"sku": product.sku})
                return redirect("listings:product_edit", pk=product.pk)
    return render(request, "listings/product_form.html", {"form": form, "product": None})


@tenant_object_view(Product)
@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk):
    seller_required(request)
    product = catalogue.access_product(seller=request.seller, product_id=pk)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST":
        writer_required(request)
        if form.is_valid():
            try:
                catalogue.update_product(seller=request.seller, product=product, **form.values())
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved. Publish again to sync the listings."))
                return redirect("listings:product_edit", pk=product.pk)
        product.refresh_from_db()
    return render(
        request,
        "listings/product_form.html",
        {
            "form": form,
            "product": product,
            "images": product.images.all(),
            "documents": product.compliance_documents.all(),
            "requirements": compliance.requirements_for(product=product),
            "listings": listings_of_product(seller=request.seller, product=product),
            "image_form": ImageForm(),
            "document_form": DocumentForm(),
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(Product)
@login_required
@require_POST
def product_image_upload(request, pk):
    seller_required(request)
    product = catalogue.access_product(seller=request.seller, product_id=pk)
    writer_required(request)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image to upload."))
    else:
        try:
            catalogue.add_product_image(
                seller=request.seller, product=product, upload=form.cleaned_data["image"]
            )
        except InvalidInput as exc:
            for errors in exc.fields.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("Image added."))
    return redirect("listings:product_edit", pk=product.pk)


@tenant_object_view(Product)
@login_required
@require_POST
def product_document_upload(request, pk):
    seller_required(request)
    product = catalogue.access_product(seller=request.seller, product_id=pk)
    writer_required(request)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            compliance.add_compliance_document(
                seller=request.seller,
                product=product,
                document_type=form.cleaned_data["document_type"],
                file=form.cleaned_data["file"],
                reference=form.cleaned_data["reference"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except InvalidInput as exc:
            for errors in exc.fields.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(
                request, _("Document stored. Publish again to unblock the listings it satisfies.")
            )
    return redirect("listings:product_edit", pk=product.pk)


@login_required
@require_http_methods(["GET", "POST"])
def product_import(request):
    """Upload → preview (dry run, nothing written) → confirm (the good rows are imported)."""
    seller_required(request)
    form = ImportForm()
    context = {"form": form}
    if request.method == "POST":
        writer_required(request)
        try:
            if "cancel" in request.POST:
                imports.discard_staged_import(seller=request.seller, token=request.POST.get("token", ""))
                return redirect("listings:product_import")
            if "token" in request.POST:
                token = request.POST["token"]
                try:
                    content, name = imports.staged_import(seller=request.seller, token=token)
                    report = imports.import_products(
                        seller=request.seller, content=content, file_name=name, dry_run=False
                    )
                finally:
                    imports.discard_staged_import(seller=request.seller, token=token)
                context.update(report=report)
            else:
                form = ImportForm(request.POST, request.FILES)
                context["form"] = form
                if form.is_valid():
                    upload = form.cleaned_data["file"]
                    token = imports.stage_import(seller=request.seller, upload=upload)
                    try:
                        content, name = imports.staged_import(seller=request.seller, token=token)
                        report = imports.import_products(
                            seller=request.seller, content=content, file_name=name, dry_run=True
                        )
                    except InvalidInput:
                        imports.discard_staged_import(seller=request.seller, token=token)
                        raise
                    context.update(report=report, token=token)
        except InvalidInput as exc:
            add_service_errors(form, exc, default_field="file")
    return render(request, "listings/product_import.html", context)


@login_required
@require_GET
def product_export(request):
    seller_required(request)
    file_format = request.GET.get("format", "csv")
    try:
        content = imports.export_products(seller=request.seller, file_format=file_format)
    except InvalidInput as exc:
        return HttpResponse(exc.fields["format"][0], status=400, content_type="text/plain; charset=utf-8")
    content_type = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="products.{file_format}"'
    return response
