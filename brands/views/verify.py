"""The public verification page a unit's QR code opens: no sign-in, throttled per client."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from brands.api.throttling import scan_allowed
from brands.services.transparency import country_header, record_scan
from portal.tenancy import not_tenant_object_view


@not_tenant_object_view("public Transparency scan: the URL is a unit's code, answered to anyone")
@require_GET
def verify_code(request, gtin, serial):
    if not scan_allowed(request):
        return render(request, "brands/verify.html", {"throttled": True}, status=429)
    country = request.META.get(country_header(), "")
    answer = record_scan(gtin=gtin, serial=serial, country=country)
    return render(request, "brands/verify.html", {"answer": answer, "gtin": gtin, "serial": serial})
