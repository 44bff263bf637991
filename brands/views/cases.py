"""The owner's cases: the list (filtered with htmx), one case with its evidence, decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brands.forms.cases import DismissForm
from brands.models import Brand, BrandCase
from brands.selectors.cases import cases_of_owner
from brands.services import cases
from brands.views.access import seller_required, writer_required
from portal.exceptions import PortalError
from portal.tenancy import tenant_object_view

CASES_PER_PAGE = 50


@login_required
@require_GET
def case_list(request):
    seller_required(request)
    status = request.GET.get("status", "")
    if status not in BrandCase.Status.values:
        status = ""
    brand = request.GET.get("brand", "")
    brand_id = int(brand) if brand.isdigit() else None
    found = cases_of_owner(seller=request.seller, status=status, brand_id=brand_id)
    page = Paginator(found, CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cases": page.object_list,
        "status": status,
        "brand_id": brand_id,
        "statuses": BrandCase.Status.choices,
        "brands": Brand.objects.for_seller(request.seller).filter(status=Brand.Status.VERIFIED),
    }
    template = "brands/case_list.html#case-table" if request.htmx else "brands/case_list.html"
    return render(request, template, context)


@tenant_object_view(BrandCase)
@login_required
@require_GET
def case_detail(request, pk):
    seller_required(request)
    case = cases.access_case(seller=request.seller, case_id=pk)
    return render(
        request,
        "brands/case_detail.html",
        {"case": case, "dismiss_form": DismissForm(), "can_write": request.membership.can_write},
    )


@tenant_object_view(BrandCase)
@login_required
@require_POST
def case_confirm(request, pk):
    seller_required(request)
    case = cases.access_case(seller=request.seller, case_id=pk)
    writer_required(request)
    try:
        case = cases.confirm_case(seller=request.seller, case=case, actor=request.user)
    except PortalError as exc:
        messages.error(request, exc.detail)
    else:
        if case.status == BrandCase.Status.REMOVED:
            messages.success(
                request, _("Removed in every marketplace (Project Zero). The seller may appeal.")
            )
        else:
            messages.success(request, _("Removal requested: operators will review it."))
    return redirect("brands:case_detail", pk=case.pk)


@tenant_object_view(BrandCase)
@login_required
@require_POST
def case_dismiss(request, pk):
    seller_required(request)
    case = cases.access_case(seller=request.seller, case_id=pk)
    writer_required(request)
    form = DismissForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        cases.dismiss_case(seller=request.seller, case=case, reason=reason, actor=request.user)
    except PortalError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Case dismissed."))
    return redirect("brands:case_detail", pk=case.pk)
