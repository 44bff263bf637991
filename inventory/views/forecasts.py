"""The forecasts page of a product (chart, stage and accuracy per marketplace) and starting a run."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.selectors.forecasts import product_forecasts
from inventory.services.forecasts import start_forecast_run
from inventory.views.access import writer_required
from listings.models import Product
from portal.tenancy import tenant_object_view


def _chart_data(markets) -> dict:
    """What the chart script draws, per marketplace: history, forecast band, weeks."""
    data = {}
    for m in markets:
        entry = {"history": [{"week": w, "units": u} for w, u in m.history], "forecast": []}
        if m.forecast is not None:
            start = datetime.date.fromisoformat(m.forecast.weeks["start"])
            entry["forecast"] = [
                {
                    "week": (start + datetime.timedelta(weeks=i)).isoformat(),
                    **{k: m.forecast.weeks[k][i] for k in ("mean", "p10", "p90")},
                }
                for i in range(len(m.forecast.weeks["mean"]))
            ]
        data[m.marketplace] = entry
    return data


@login_required
@tenant_object_view(Product)
def product_forecast(request, pk):
    product = get_object_or_404(Product.objects.for_seller(request.seller), pk=pk)
    markets = product_forecasts(seller=request.seller, product=product)
    can_write = request.membership is not None and request.membership.can_write
    return render(
        request,
        "inventory/forecasts.html",
        {
            "product": product,
            "markets": markets,
            "chart": _chart_data(markets),
            "labels": {"sold": _("Units sold"), "forecast": _("Forecast"), "band": _("p10 to p90")},
            "can_write": can_write,
        },
    )


@login_required
@require_POST
def forecast_run_start(request):
    """Start a forecast run of all the seller's series; show its progress."""
    writer_required(request)
    job = start_forecast_run(seller=request.seller, started_by=request.user)
    if request.htmx:
        return render(request, "portal/job_detail.html#job-progress", {"job": job})
    return redirect("job_detail", job_id=job.pk)
