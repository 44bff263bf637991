"""Pages of allocation plans: the plans, one plan's lines to sign off, and the simulation."""

from __future__ import annotations

import numpy as np
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.engine.simulation import SimulationSettings, run_policies, sales_history
from inventory.models import AllocationPlan, AllocationPlanLine, AutoApplyPolicy, Node
from inventory.selectors.allocation_plans import plan_lines, plans_for, weekly_sales_frame
from inventory.services.allocation_plans import (
    approve_plan,
    change_line_units,
    reject_plan,
    save_auto_apply_policy,
    start_allocation_plan,
)
from inventory.views.access import writer_required
from portal.exceptions import PortalError
from portal.tenancy import tenant_object_view

LINES_PER_PAGE = 100
SORTS = {
    "value": "-value",
    "units": "-units",
    "freight": "-freight_cost",
    "service": "service_level",
}
SIMULATED_WEEKS = 26
MIN_SIMULATION_WEEKS = 8
CHART_NODES = 6


def _can_write(request) -> bool:
    return request.membership is not None and request.membership.can_write


@login_required
def plan_list(request):
    plans = Paginator(plans_for(request.seller), 50).get_page(request.GET.get("page"))
    policy = AutoApplyPolicy.objects.for_seller(request.seller).prefetch_related("marketplaces").first()
    return render(
        request,
        "inventory/allocation_plan_list.html",
        {
            "page": plans,
            "plans": plans.object_list,
            "can_write": _can_write(request),
            "policy": policy,
            "policy_markets": " ".join(m.code for m in policy.marketplaces.all()) if policy else "",
        },
    )


@login_required
@require_POST
def auto_apply_policy(request):
    """Save the auto-apply policy (writers only)."""
    writer_required(request)
    try:
        save_auto_apply_policy(
            seller=request.seller,
            enabled=request.POST.get("enabled") == "on",
            max_line_value=request.POST.get("max_line_value", ""),
            max_daily_value=request.POST.get("max_daily_value", ""),
            marketplaces=request.POST.get("marketplaces", "").replace(",", " ").split(),
            actor=request.user,
        )
    except PortalError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Auto-apply policy saved."))
    return redirect("inventory:allocation_plans")


@login_required
@require_POST
def plan_start(request):
    """Start a planning run; htmx gets the job's progress bar, others the job page."""
    writer_required(request)
    job = start_allocation_plan(seller=request.seller, started_by=request.user)
    if request.htmx:
        return render(request, "portal/job_detail.html#job-progress", {"job": job})
    return redirect("job_detail", job_id=job.pk)


def _plan(request, pk) -> AllocationPlan:
    return get_object_or_404(AllocationPlan.objects.for_seller(request.seller), pk=pk)


@login_required
@tenant_object_view(AllocationPlan)
def plan_detail(request, pk):
    plan = _plan(request, pk)
    sort = request.GET.get("sort", "value")
    status = request.GET.get("status", "")
    to_node = request.GET.get("to_node", "")
    lines = plan_lines(request.seller, plan, order=SORTS.get(sort, "-value"))
    if status in AllocationPlanLine.Status.values:
        lines = lines.filter(status=status)
    if to_node:
        lines = lines.filter(to_node__code=to_node)
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/allocation_plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "lines": page.object_list,
            "sort": sort,
            "status": status,
            "to_node": to_node,
            "statuses": AllocationPlanLine.Status.choices,
            "nodes": Node.objects.filter(is_active=True).exclude(kind=Node.Kind.GWD).order_by("code"),
            "can_write": _can_write(request),
        },
    )


def _line_ids(request) -> list[int] | None:
    raw = request.POST.getlist("lines")
    if not raw:
        return None
    return [int(v) if v.isdigit() else -1 for v in raw]


def _error_text(error: PortalError) -> str:
    details = [message for field_messages in error.fields.values() for message in field_messages]
    return " ".join([error.detail, *details])


@login_required
@tenant_object_view(AllocationPlan)
@require_POST
def plan_approve(request, pk):
    """Approve the ticked lines, or every waiting line when none is ticked (writers only)."""
    writer_required(request)
    plan = _plan(request, pk)
    try:
        transfers = approve_plan(
            seller=request.seller, plan=plan, line_ids=_line_ids(request), actor=request.user
        )
    except PortalError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(n)d transfers created.") % {"n": len(transfers)})
    return redirect("inventory:allocation_plan_detail", pk=plan.pk)


@login_required
@tenant_object_view(AllocationPlan)
@require_POST
def plan_reject(request, pk):
    writer_required(request)
    plan = _plan(request, pk)
    try:
        count = reject_plan(
            seller=request.seller,
            plan=plan,
            reason=request.POST.get("reason", ""),
            line_ids=_line_ids(request),
            actor=request.user,
        )
    except PortalError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(n)d lines rejected.") % {"n": count})
    return redirect("inventory:allocation_plan_detail", pk=plan.pk)


@login_required
@tenant_object_view(AllocationPlanLine)
@require_POST
def plan_line_edit(request, pk):
    """Change a waiting line's units, re-checked against the pool (writers only)."""
    writer_required(request)
    line = get_object_or_404(
        AllocationPlanLine.objects.for_seller(request.seller).select_related("plan"), pk=pk
    )
    try:
        change_line_units(
            seller=request.seller, line=line, units=request.POST.get("units", ""), actor=request.user
        )
    except PortalError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Line updated."))
    return redirect("inventory:allocation_plan_detail", pk=line.plan_id)


@login_required
def simulation(request):
    """Replay the seller's own weekly sales under the engine and the spreadsheet policy."""
    frame = weekly_sales_frame(request.seller)
    context = {"weeks_of_history": 0, "result": None}
    if not frame.empty:
        history = sales_history(frame)
        n_weeks = history.weeks.size
        context["weeks_of_history"] = n_weeks
        simulated = min(SIMULATED_WEEKS, n_weeks // 2)
        if simulated >= MIN_SIMULATION_WEEKS:
            start = n_weeks - simulated
            results = run_policies(history, start=start, weeks=simulated, settings=SimulationSettings())
            context["result"] = {name: r.totals for name, r in results.items()}
            context["chart"] = _chart_data(history, start, simulated, results)
    context["min_weeks"] = MIN_SIMULATION_WEEKS * 2
    return render(request, "inventory/allocation_simulation.html", context)


def _chart_data(history, start: int, weeks: int, results) -> dict:
    demand = np.bincount(
        history.pair_market,
        weights=history.demand[:, start : start + weeks].sum(axis=1),
        minlength=history.markets.size,
    )
    top = np.argsort(-demand)[:CHART_NODES]
    return {
        "weeks": [str(w) for w in history.weeks[start : start + weeks]],
        "fill": {name: [round(float(v) * 100, 2) for v in r.weekly_fill_rate] for name, r in results.items()},
        "stock": {
            name: {str(history.markets[m]): [int(v) for v in r.weekly_stock_by_market[:, m]] for m in top}
            for name, r in results.items()
        },
        "labels": {"engine": _("Allocation engine"), "static": _("Spreadsheet policy")},
        "fill_title": _("Fill rate by week (%)"),
        "stock_title": _("Stock at the nodes by week (units; dashed: spreadsheet policy)"),
    }
