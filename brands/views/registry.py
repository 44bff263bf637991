"""Registry pages: apply for a brand, see it, authorise resellers and agencies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brands.forms.registry import AuthorisationForm, BrandApplicationForm
from brands.models import Brand, BrandAuthorisation
from brands.services import registry
from brands.views.access import seller_required, writer_required
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view


@login_required
@require_http_methods(["GET", "POST"])
def brand_apply(request):
    seller_required(request)
    form = BrandApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        writer_required(request)
        if form.is_valid():
            try:
                brand = registry.apply_for_brand(seller=request.seller, actor=request.user, **form.values())
            except PortalError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Application sent: operators will verify %(name)s.") % {"name": brand.name}
                )
                return redirect("brands:brand_detail", pk=brand.pk)
    return render(request, "brands/brand_apply.html", {"form": form})


def _detail(request, brand, form=None):
    return render(
        request,
        "brands/brand_detail.html",
        {
            "brand": brand,
            "evidence": brand.evidence.all(),
            "authorisations": BrandAuthorisation.objects.for_seller(request.seller)
            .filter(brand=brand)
            .select_related("authorised_seller", "marketplace"),
            "form": form or AuthorisationForm(),
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(Brand)
@login_required
@require_GET
def brand_detail(request, pk):
    seller_required(request)
    return _detail(request, registry.access_brand(seller=request.seller, brand_id=pk))


@tenant_object_view(Brand)
@login_required
@require_POST
def brand_authorise(request, pk):
    seller_required(request)
    brand = registry.access_brand(seller=request.seller, brand_id=pk)
    writer_required(request)
    form = AuthorisationForm(request.POST)
    if form.is_valid():
        try:
            registry.authorise_seller(
                seller=request.seller,
                brand=brand,
                seller_slug=form.cleaned_data["seller"],
                marketplace_code=form.cleaned_data["marketplace"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except PortalError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Seller authorised."))
            return redirect("brands:brand_detail", pk=brand.pk)
    return _detail(request, brand, form)


@tenant_object_view(BrandAuthorisation)
@login_required
@require_POST
def authorisation_revoke(request, pk):
    seller_required(request)
    authorisation = BrandAuthorisation.objects.for_seller(request.seller).filter(pk=pk).first()
    registry.revoke_authorisation(seller=request.seller, authorisation_id=pk, actor=request.user)
    messages.success(request, _("Authorisation revoked."))
    return redirect("brands:brand_detail", pk=authorisation.brand_id)
