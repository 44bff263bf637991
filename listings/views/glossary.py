"""The seller's glossary: terms kept as written or always translated one way, in every provider."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from listings.forms.glossary import GlossaryTermForm
from listings.models import GlossaryTerm
from listings.services.glossary import add_glossary_term, delete_glossary_term
from listings.views.access import seller_required, writer_required
from portal.exceptions import InvalidInput
from portal.forms.service_errors import add_service_errors
from portal.tenancy import tenant_object_view


@login_required
@require_http_methods(["GET", "POST"])
def glossary(request):
    seller_required(request)
    form = GlossaryTermForm()
    if request.method == "POST":
        writer_required(request)
        form = GlossaryTermForm(request.POST)
        if form.is_valid():
            try:
                add_glossary_term(seller=request.seller, **form.cleaned_data)
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Term added: every translation applies it from now on."))
                return redirect("listings:glossary")
    terms = GlossaryTerm.objects.for_seller(request.seller).order_by("target_language", "source_term")
    return render(
        request,
        "listings/glossary.html",
        {"form": form, "terms": terms, "can_write": request.membership.can_write},
    )


@tenant_object_view(GlossaryTerm)
@login_required
@require_POST
def glossary_delete(request, pk: int):
    writer_required(request)
    term = get_object_or_404(GlossaryTerm.objects.for_seller(request.seller), pk=pk)
    delete_glossary_term(seller=request.seller, term=term)
    messages.success(request, _("Term removed."))
    return redirect("listings:glossary")
