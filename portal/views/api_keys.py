"""The API keys page: owners and admins list, create and revoke the seller's keys.

URL names (no namespace): `api_keys` (list, and create by POST), `api_key_revoke`.
A new key is shown once, in the response to its creation, and never again: the page is
rendered directly (no redirect that would have to carry the key) and is not cached.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.api.scopes import API_SCOPES
from portal.exceptions import InvalidInput
from portal.forms.service_errors import add_service_errors
from portal.models import APIKey
from portal.selectors.api_keys import api_keys_of_seller
from portal.services.api_keys import NAME_MAX_LENGTH, create_api_key, revoke_api_key
from portal.services.audit import client_ip
from portal.tenancy import tenant_object_view


class APIKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("Who or what uses the key, for example the partner's name."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=list(API_SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The key can call only the endpoints of the scopes you tick."),
    )


def _require_manager(request) -> None:
    membership = request.membership
    if membership is None or not membership.can_manage:
        raise PermissionDenied(_("Only owners and admins manage API keys."))


def _page(request, form, *, new_key=None, raw_key=None, status=200):
    keys = list(api_keys_of_seller(seller=request.seller))
    for key in keys:
        key.scope_items = [(scope, API_SCOPES.get(scope, "")) for scope in key.scopes]
    context = {
        "form": form,
        "keys": keys,
        "new_key": new_key,
        "raw_key": raw_key,
    }
    return render(request, "portal/api_keys.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_key_list(request):
    """GET lists the keys with the creation form; POST creates a key and shows it once."""
    _require_manager(request)
    if request.method == "GET":
        return _page(request, APIKeyForm())
    form = APIKeyForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        key, raw_key = create_api_key(
            seller=request.seller,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            created_by=request.user,
            ip_address=client_ip(request),
        )
    except InvalidInput as exc:
        add_service_errors(form, exc)
        return _page(request, form, status=400)
    return _page(request, APIKeyForm(), new_key=key, raw_key=raw_key, status=201)


@tenant_object_view(APIKey)
@login_required
@require_POST
def api_key_revoke(request, key_id: int):
    _require_manager(request)
    try:
        key = revoke_api_key(
            seller=request.seller, key_id=key_id, revoked_by=request.user, ip_address=client_ip(request)
        )
    except APIKey.DoesNotExist:
        raise Http404(_("No such API key."))
    messages.success(
        request, _("The key “%(name)s” is revoked: calls with it now fail.") % {"name": key.name}
    )
    return redirect("api_keys")


urlpatterns = [
    path("", api_key_list, name="api_keys"),
    path("<int:key_id>/revoke/", api_key_revoke, name="api_key_revoke"),
]
