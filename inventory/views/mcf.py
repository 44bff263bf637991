"""MCF outcome figures per channel and month: a page, and the dashboard's panel (htmx)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from inventory.selectors.mcf import mcf_outcomes


def _context(request) -> dict:
    rows = mcf_outcomes(request.seller) if request.seller is not None else []
    months = sorted({row.month for row in rows})
    channels: dict[int, dict] = {}
    for row in rows:
        channel = channels.setdefault(
            row.connection.pk, {"name": row.connection.name, "orders": [], "fill_rate": []}
        )
        channel["orders"].append(row.orders)
        channel["fill_rate"].append(None if row.fill_rate is None else round(row.fill_rate * 100, 1))
    chart = {
        "months": [m.strftime("%Y-%m") for m in months],
        "channels": list(channels.values()),
        "labels": {"orders": _("Orders"), "fill_rate": _("Fill rate")},
    }
    # In an attribute, escaped by the template: no <script> element for the CSP to refuse.
    return {"rows": rows, "chart_json": json.dumps(chart)}


@login_required
def mcf_page(request):
    return render(request, "inventory/mcf.html", _context(request))


@login_required
def mcf_panel(request):
    """The dashboard's panel: the same figures, for htmx to swap into the dashboard."""
    return render(request, "inventory/_mcf_panel.html", _context(request))
