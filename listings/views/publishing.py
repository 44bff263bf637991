"""Publishing pages: publish once, the listing matrix, one listing with its overrides, compliance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from listings.forms.publishing import OverrideForm, PublishForm
from listings.models import Listing, Product
from listings.selectors.listings import access_listing, listing_matrix
from listings.services import compliance, publishing
from listings.services.content_language import NEEDS_TRANSLATION
from listings.services.source_text import approve_source_text
from listings.views.access import seller_required, writer_required
from portal.exceptions import Conflict, InvalidInput
from portal.forms.service_errors import add_service_errors
from portal.models import Marketplace
from portal.tenancy import tenant_object_view
from portal.views.redirects import safe_next_url


@login_required
@require_http_methods(["GET", "POST"])
def publish(request):
    """Choose products (from the catalogue or the matrix) and marketplaces; start one job."""
    seller_required(request)
    marketplaces = list(Marketplace.objects.filter(is_active=True).order_by("code"))
    initial = {"products": ",".join(request.GET.getlist("product"))}
    form = PublishForm(request.POST or None, initial=initial, marketplaces=marketplaces)
    if request.method == "POST":
        writer_required(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["scope"] == "all":
                    chosen = publishing.select_marketplaces(codes="all")
                elif data["scope"] == "region":
                    chosen = publishing.select_marketplaces(region=data["region"] or "?")
                else:
                    chosen = publishing.select_marketplaces(codes=data["marketplaces"])
                product_ids = data["products"] or list(
                    Product.objects.for_seller(request.seller)
                    .exclude(status=Product.Status.ARCHIVED)
                    .values_list("pk", flat=True)
                )
                job = publishing.start_publish(
                    seller=request.seller,
                    product_ids=product_ids,
                    marketplaces=chosen,
                    gwd_direct=data["gwd_direct"],
                    started_by=request.user,
                )
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                return redirect("job_detail", job_id=job.pk)
    ids = [int(pk) for pk in (form["products"].value() or "").split(",") if pk.strip().isdigit()]
    chosen_products = Product.objects.for_seller(request.seller).filter(pk__in=ids) if ids else None
    return render(
        request,
        "listings/publish.html",
        {"form": form, "chosen_products": chosen_products, "marketplaces": marketplaces},
    )


@login_required
@require_GET
def matrix(request):
    seller_required(request)
    filters = {name: request.GET.get(name, "").strip() for name in ("state", "region", "q")}
    result = listing_matrix(
        seller=request.seller,
        state=filters["state"],
        region=filters["region"],
        query=filters["q"],
        page_number=request.GET.get("page"),
    )
    context = {
        "matrix": result,
        "filters": filters,
        "states": Listing.State.choices,
        "regions": Marketplace.Region.choices,
        "can_write": request.membership.can_write,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "listings/matrix.html#matrix-table", context)
    return render(request, "listings/matrix.html", context)


@login_required
@require_POST
def matrix_action(request):
    """Bulk pause / end / resume of the ticked cells, or republish the ticked products."""
    seller_required(request)
    writer_required(request)
    action = request.POST.get("action", "")
    if action == "republish":
        product_ids = request.POST.getlist("product")
        codes = request.POST.getlist("marketplace")
        try:
            chosen = publishing.select_marketplaces(codes=codes or "all")
            job = publishing.start_publish(
                seller=request.seller, product_ids=product_ids, marketplaces=chosen, started_by=request.user
            )
        except InvalidInput as exc:
            for errors in exc.fields.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("listings:matrix")
        return redirect("job_detail", job_id=job.pk)
    try:
        outcome = publishing.change_listing_states(
            seller=request.seller, listing_ids=request.POST.getlist("listing"), action=action
        )
    except (InvalidInput, ValueError) as exc:
        fields = getattr(exc, "fields", {}) or {"action": [_("Tick listings and choose an action.")]}
        for errors in fields.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(changed)d listings changed, %(skipped)d skipped (their state does not allow it).") % outcome,
        )
    return redirect(safe_next_url(request, "listings:matrix"))


@tenant_object_view(Listing)
@login_required
@require_GET
def listing_detail(request, pk):
    seller_required(request)
    listing = access_listing(seller=request.seller, listing_id=pk)
    compliance = [r for r in listing.blocked_reasons or [] if r.get("rule") != NEEDS_TRANSLATION]
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "compliance_reasons": compliance,
            "override_form": OverrideForm(),
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(Listing)
@login_required
@require_POST
def listing_approve_source(request, pk):
    """The seller sells this listing with the product's source text: no translation needed here."""
    seller_required(request)
    listing = access_listing(seller=request.seller, listing_id=pk)
    writer_required(request)
    listing = approve_source_text(seller=request.seller, listing=listing, user=request.user)
    messages.success(
        request, _("The source text is approved for %(market)s.") % {"market": listing.marketplace.name}
    )
    return redirect("listings:listing_detail", pk=listing.pk)


@tenant_object_view(Listing)
@login_required
@require_POST
def listing_override(request, pk):
    seller_required(request)
    listing = access_listing(seller=request.seller, listing_id=pk)
    writer_required(request)
    form = OverrideForm(request.POST)
    if form.is_valid():
        bullet = form.cleaned_data["bullet"]
        try:
            publishing.set_override(
                seller=request.seller,
                listing=listing,
                field_name=form.cleaned_data["field"],
                value=form.cleaned_data["value"],
                bullet=bullet - 1 if bullet else None,
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Override saved; later syncs keep it."))
            return redirect("listings:listing_detail", pk=listing.pk)
    return render(
        request,
        "listings/listing_detail.html",
        {"listing": listing, "override_form": form, "can_write": True},
        status=400,
    )


@tenant_object_view(Listing)
@login_required
@require_POST
def listing_reset(request, pk):
    seller_required(request)
    listing = access_listing(seller=request.seller, listing_id=pk)
    writer_required(request)
    try:
        publishing.reset_override(seller=request.seller, listing=listing, key=request.POST.get("key", ""))
    except InvalidInput as exc:
        for errors in exc.fields.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The field inherits from the product again."))
    return redirect("listings:listing_detail", pk=listing.pk)


@tenant_object_view(Listing)
@login_required
@require_POST
def listing_state(request, pk):
    seller_required(request)
    listing = access_listing(seller=request.seller, listing_id=pk)
    writer_required(request)
    try:
        publishing.change_listing_state(
            seller=request.seller, listing=listing, action=request.POST.get("action", "")
        )
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.fields.get("action", [exc.detail])[0])
    return redirect("listings:listing_detail", pk=listing.pk)


@login_required
@require_GET
def compliance_overview(request):
    seller_required(request)
    blocked = (
        Listing.objects.for_seller(request.seller)
        .filter(state=Listing.State.BLOCKED)
        .select_related("product", "marketplace")
        .order_by("product__sku", "marketplace__code")[:200]
    )
    return render(
        request,
        "listings/compliance.html",
        {
            "rules": compliance.active_rules(),
            "blocked": blocked,
            "expiring": compliance.expiring_documents(seller=request.seller),
        },
    )
