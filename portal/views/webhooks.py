"""Settings → Webhooks: owners and admins manage the seller's webhook endpoints.

URL names (no namespace): `webhooks` (list, and create by POST), `webhook_detail` (the
endpoint with its delivery log; POST saves changes), `webhook_action` (test, rotate,
switch on/off, delete), `webhook_delivery` (one delivery and its attempts),
`webhook_redeliver`. A new secret is shown once, in the answer that created it; the
pages are not cached.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors
from portal.forms.webhooks import TestEventForm, WebhookEndpointForm
from portal.models import WebhookDelivery, WebhookEndpoint
from portal.selectors.webhooks import attempts_of_delivery, deliveries_of_seller, endpoints_of_seller
from portal.services import webhooks
from portal.tenancy import tenant_object_view

DELIVERIES_SHOWN = 50


def _require_manager(request) -> None:
    membership = request.membership
    if membership is None or not membership.can_manage:
        raise PermissionDenied(_("Only owners and admins manage webhooks."))


def _endpoint(request, pk: int) -> WebhookEndpoint:
    try:
        return endpoints_of_seller(seller=request.seller).get(pk=pk)
    except WebhookEndpoint.DoesNotExist:
        raise Http404(_("No such webhook endpoint.")) from None


def _list_page(request, form, *, new_endpoint=None, secret=None, status=200):
    context = {
        "form": form,
        "endpoints": list(endpoints_of_seller(seller=request.seller)),
        "new_endpoint": new_endpoint,
        "secret": secret,
    }
    return render(request, "portal/webhooks/list.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request):
    """GET lists the endpoints with the creation form; POST creates one and shows its secret once."""
    _require_manager(request)
    if request.method == "GET":
        return _list_page(request, WebhookEndpointForm())
    form = WebhookEndpointForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    try:
        endpoint, secret = webhooks.create_endpoint(
            seller=request.seller, created_by=request.user, **form.cleaned_data
        )
    except PortalError as exc:
        add_service_errors(form, exc)
        return _list_page(request, form, status=400)
    return _list_page(request, WebhookEndpointForm(), new_endpoint=endpoint, secret=secret, status=201)


def _detail_page(request, endpoint, form, *, secret=None, status=200):
    deliveries = list(
        deliveries_of_seller(seller=request.seller).filter(endpoint=endpoint)[:DELIVERIES_SHOWN]
    )
    context = {
        "endpoint": endpoint,
        "form": form,
        "test_form": TestEventForm(initial={"event_type": (endpoint.events or [""])[0]}),
        "deliveries": deliveries,
        "secret": secret,
    }
    return render(request, "portal/webhooks/detail.html", context, status=status)


@never_cache
@tenant_object_view(WebhookEndpoint)
@login_required
@require_http_methods(["GET", "POST"])
def webhook_detail(request, pk: int):
    _require_manager(request)
    endpoint = _endpoint(request, pk)
    initial = {"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
    if request.method == "GET":
        return _detail_page(request, endpoint, WebhookEndpointForm(initial=initial))
    form = WebhookEndpointForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, endpoint, form, status=400)
    try:
        webhooks.update_endpoint(
            seller=request.seller, endpoint_id=endpoint.pk, actor=request.user, **form.cleaned_data
        )
    except PortalError as exc:
        add_service_errors(form, exc)
        return _detail_page(request, endpoint, form, status=400)
    messages.success(request, _("The endpoint is saved."))
    return redirect("webhook_detail", pk=endpoint.pk)


@never_cache
@tenant_object_view(WebhookEndpoint)
@login_required
@require_POST
def webhook_action(request, pk: int, action: str):
    """test, rotate, switch_on, switch_off, delete."""
    _require_manager(request)
    endpoint = _endpoint(request, pk)
    seller = request.seller
    try:
        if action == "test":
            form = TestEventForm(request.POST)
            event_type = form.data.get("event_type", "")
            webhooks.send_test_event(
                seller=seller, endpoint_id=endpoint.pk, event_type=event_type, actor=request.user
            )
            messages.success(request, _("A test event is on its way; its attempt appears below."))
        elif action == "rotate":
            endpoint, secret = webhooks.rotate_secret(
                seller=seller, endpoint_id=endpoint.pk, actor=request.user
            )
            form = WebhookEndpointForm(
                initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
            )
            return _detail_page(request, endpoint, form, secret=secret)
        elif action in ("switch_on", "switch_off"):
            webhooks.update_endpoint(
                seller=seller, endpoint_id=endpoint.pk, is_active=action == "switch_on", actor=request.user
            )
            messages.success(request, _("The endpoint is saved."))
        elif action == "delete":
            webhooks.delete_endpoint(seller=seller, endpoint_id=endpoint.pk, actor=request.user)
            messages.success(request, _("The endpoint is deleted."))
            return redirect("webhooks")
        else:
            raise Http404
    except PortalError as exc:
        for errors in exc.fields.values():
            for error in errors:
                messages.error(request, error)
        if not exc.fields:
            messages.error(request, exc.detail)
    return redirect("webhook_detail", pk=endpoint.pk)


def _delivery(request, pk: int) -> WebhookDelivery:
    try:
        return WebhookDelivery.objects.for_seller(request.seller).select_related("endpoint").get(pk=pk)
    except WebhookDelivery.DoesNotExist:
        raise Http404(_("No such delivery.")) from None


@tenant_object_view(WebhookDelivery)
@login_required
@require_GET
def webhook_delivery(request, pk: int):
    _require_manager(request)
    delivery = _delivery(request, pk)
    context = {
        "delivery": delivery,
        "endpoint": delivery.endpoint,
        "attempts": list(attempts_of_delivery(seller=request.seller, delivery=delivery)),
        "payload": json.dumps(delivery.payload, indent=2, ensure_ascii=False),
    }
    return render(request, "portal/webhooks/delivery.html", context)


@tenant_object_view(WebhookDelivery)
@login_required
@require_POST
def webhook_redeliver(request, pk: int):
    _require_manager(request)
    delivery = _delivery(request, pk)
    try:
        webhooks.redeliver(seller=request.seller, delivery_id=delivery.pk, actor=request.user)
    except PortalError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("The message is being sent again."))
    return redirect("webhook_delivery", pk=delivery.pk)


urlpatterns = [
    path("", webhook_list, name="webhooks"),
    path("<int:pk>/", webhook_detail, name="webhook_detail"),
    path("<int:pk>/<slug:action>/", webhook_action, name="webhook_action"),
    path("deliveries/<int:pk>/", webhook_delivery, name="webhook_delivery"),
    path("deliveries/<int:pk>/redeliver/", webhook_redeliver, name="webhook_redeliver"),
]
