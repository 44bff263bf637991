"""Allocation plans: run the engine over a seller's pool, then approve, reject or edit lines.

The rule, in the seller's words:

- A run reads everything in bulk (`inventory.selectors.allocation_plans.plan_arrays`),
  plans every product × node at once (`inventory.engine.allocation`) and writes the lines
  in one bulk insert, each with its reason. Lines inside the seller's auto-apply policy
  (on, to a chosen marketplace, value within the per-line limit and, with today's earlier
  auto-applied lines, within the per-day limit) are applied at once; the rest wait.
- Approving (all waiting lines, or chosen ones) creates one transfer per route through the
  transfers service. The plan row is locked first, so two approvals at the same moment
  create each transfer once: the second finds the lines already approved.
- Rejecting needs a reason. Editing a waiting line's units re-checks them against the pool:
  what is available at the source less the plan's other waiting lines of that product.
- Every approval, rejection and auto-apply goes to the audit log with who (or which
  policy) did it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory.engine.allocation import plan_allocation, reasons
from inventory.models import (
    AllocationPlan,
    AllocationPlanLine,
    AllocationRule,
    AutoApplyPolicy,
    Node,
    RingFence,
    StockBalance,
    Transfer,
)
from inventory.selectors.allocation_plans import PLAN_CURRENCY, plan_arrays
from inventory.services.transfers import create_transfer
from portal.exceptions import Conflict, InvalidInput
from portal.jobs import register_job_kind
from portal.models import JobRun, Seller
from portal.pg import insert_rows
from portal.services.audit import record_audit_event
from portal.services.jobs import start_job
from portal.services.platform_scope import platform_scope

CENT = Decimal("0.01")
WAITING = AllocationPlanLine.Status.PROPOSED

ALLOCATION_PLAN_JOB = register_job_kind(
    "inventory.allocation_plan",
    gettext_lazy("Plan allocation"),
    task="inventory.tasks.run_allocation_plan",
)


def _money(values: np.ndarray) -> list[Decimal]:
    return [Decimal(repr(float(v))).quantize(CENT, ROUND_HALF_UP) for v in np.nan_to_num(values)]


def run_allocation_plan(
    *, seller: Seller, job: JobRun | None = None, progress=None, today: datetime.date | None = None
) -> AllocationPlan | None:
    """Plan the seller's pool now; returns the plan (None when the pool holds nothing)."""
    today = today or timezone.now().date()
    if progress is not None:
        progress.set_total(3)
    arrays = plan_arrays(seller, today=today)
    if progress is not None:
        progress.advance()
    if arrays is None:
        return None
    inputs = arrays.inputs
    allocation = plan_allocation(inputs)
    if progress is not None:
        progress.advance()
    send = np.flatnonzero(allocation.units > 0)
    back = np.flatnonzero(allocation.pullback > 0)
    rows = np.concatenate([send, back])
    texts = reasons(
        _subset(allocation, rows),
        node_names=np.array([n.code for n in arrays.nodes], dtype=object),
        lane_names=np.array(
            [[str(lane) if lane else "" for lane in lanes] for lanes in arrays.lanes], dtype=object
        ),
        pair_node=inputs.pair_node[rows],
        pair_sku=inputs.pair_sku[rows],
        carton=arrays.carton[rows],
    )
    units = np.concatenate([allocation.units[send], allocation.pullback[back]])
    value = units * arrays.unit_value[inputs.pair_sku[rows]]
    freight = np.concatenate([allocation.freight_cost[send], np.zeros(back.size)])
    with transaction.atomic():
        plan = AllocationPlan.objects.for_seller(seller).create(
            seller=seller,
            currency=PLAN_CURRENCY,
            job=job,
            summary={
                "lines": int(rows.size),
                "units": int(units.sum()),
                "value": str(sum(_money(value), Decimal(0))),
                "short_skus": int((allocation.shadow_price > 0).sum()),
                "skus": len(arrays.products),
            },
        )
        lines = []
        for i, (at, n, v, f, text) in enumerate(
            zip(rows.tolist(), units.tolist(), _money(value), _money(freight), texts, strict=True)
        ):
            is_send = i < send.size
            node = arrays.nodes[inputs.pair_node[at]]
            lane_pos = int(allocation.lane[at])
            lines.append(
                AllocationPlanLine(
                    seller=seller,
                    plan=plan,
                    product=arrays.products[inputs.pair_sku[at]],
                    kind=AllocationPlanLine.Kind.SEND if is_send else AllocationPlanLine.Kind.PULL_BACK,
                    from_node=arrays.hub if is_send else node,
                    to_node=node if is_send else arrays.hub,
                    marketplace_id=arrays.node_marketplace[inputs.pair_node[at]],
                    units=int(n),
                    suggested_units=int(n),
                    lane=arrays.lanes[inputs.pair_node[at]][lane_pos] if lane_pos >= 0 else None,
                    freight_cost=f,
                    value=v,
                    service_level=Decimal(repr(float(allocation.service_level[at]))).quantize(
                        Decimal("0.0001")
                    ),
                    reason=text,
                )
            )
        if connection.vendor == "postgresql":
            insert_rows(AllocationPlanLine, lines, batch_size=50_000)
        else:
            AllocationPlanLine.objects.for_seller(seller).bulk_create(lines, batch_size=5000)
        record_audit_event(
            seller=seller,
            actor=job.started_by if job else None,
            action="inventory.allocation_planned",
            summary=f"Plan {plan.pk}: {rows.size} lines, {int(units.sum())} units",
            target=plan,
        )
        auto_apply(seller=seller, plan=plan)
    if progress is not None:
        progress.advance()
    return plan


def _subset(allocation, rows: np.ndarray):
    from dataclasses import fields, replace

    k = allocation.units.size
    return replace(
        allocation,
        **{
            f.name: getattr(allocation, f.name)[rows]
            for f in fields(allocation)
            if f.name != "shadow_price" and getattr(allocation, f.name).shape[:1] == (k,)
        },
    )


def _locked_plan(seller: Seller, plan: AllocationPlan) -> AllocationPlan:
    return AllocationPlan.objects.for_seller(seller).select_for_update().get(pk=plan.pk)


def _settle_status(seller: Seller, plan: AllocationPlan, *, actor=None) -> None:
    counts = dict(
        AllocationPlanLine.objects.for_seller(seller)
        .filter(plan=plan)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    waiting = counts.get(WAITING, 0)
    done = sum(n for status, n in counts.items() if status != WAITING)
    rejected = counts.get(AllocationPlanLine.Status.REJECTED, 0)
    if waiting and done:
        status = AllocationPlan.Status.PARTLY
    elif waiting:
        status = AllocationPlan.Status.PROPOSED
    elif rejected == done:
        status = AllocationPlan.Status.REJECTED
    else:
        status = AllocationPlan.Status.APPROVED
    plan.status = status
    fields = ["status"]
    if not waiting:
        plan.decided_at = timezone.now()
        plan.decided_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        fields += ["decided_at", "decided_by"]
    plan.save(update_fields=fields)


def _waiting_lines(seller: Seller, plan: AllocationPlan, line_ids) -> list[AllocationPlanLine]:
    lines = (
        AllocationPlanLine.objects.for_seller(seller).filter(plan=plan).select_related("from_node", "to_node")
    )
    if line_ids is None:
        return list(lines.filter(status=WAITING).order_by("id"))
    ids = _whole_ids(line_ids)
    found = {line.pk: line for line in lines.filter(pk__in=ids)}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise InvalidInput(
            fields={
                "lines": [_("No such line in this plan: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}]
            }
        )
    return [found[i] for i in sorted(ids) if found[i].status == WAITING]


def _whole_ids(line_ids) -> list[int]:
    if not isinstance(line_ids, list | tuple) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in line_ids
    ):
        raise InvalidInput(
            fields={"lines": [_("A list of line ids (whole numbers), or nothing for every line.")]}
        )
    return list(dict.fromkeys(line_ids))


@transaction.atomic
def approve_plan(
    *,
    seller: Seller,
    plan: AllocationPlan,
    line_ids: list[int] | None = None,
    actor=None,
    api_key=None,
    auto: bool = False,
) -> list[Transfer]:
    """Approve the plan's waiting lines (all, or `line_ids`): one transfer per route.

    Lines already decided are skipped, so approving twice creates nothing the second
    time. InvalidInput names unknown line ids or, from the transfers service, a source
    that no longer holds the units (nothing is approved then).
    """
    plan = _locked_plan(seller, plan)
    lines = _waiting_lines(seller, plan, line_ids)
    if not lines:
        return []
    routes: dict[tuple[int, int], list[AllocationPlanLine]] = defaultdict(list)
    for line in lines:
        routes[(line.from_node_id, line.to_node_id)].append(line)
    transfers = []
    now = timezone.now()
    status = AllocationPlanLine.Status.AUTO_APPLIED if auto else AllocationPlanLine.Status.APPROVED
    for route_lines in routes.values():
        first = route_lines[0]
        transfer = create_transfer(
            seller=seller,
            from_node=first.from_node,
            to_node=first.to_node,
            lines=[{"product": line.product_id, "quantity": line.units} for line in route_lines],
            reason=Transfer.Reason.ALLOCATION,
            notes=_("Allocation plan %(plan)d, lane %(lane)s, freight about %(cost)s %(currency)s")
            % {
                "plan": plan.pk,
                "lane": first.lane or "-",
                "cost": sum((line.freight_cost for line in route_lines), Decimal(0)),
                "currency": plan.currency,
            },
            created_by=actor,
        )
        transfers.append(transfer)
        for line in route_lines:
            line.status = status
            line.transfer = transfer
            line.decided_at = now
    AllocationPlanLine.objects.for_seller(seller).bulk_update(lines, ["status", "transfer", "decided_at"])
    _settle_status(seller, plan, actor=actor)
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.allocation_auto_applied" if auto else "inventory.allocation_approved",
        summary=(
            _("Plan %(plan)d: %(n)d lines, %(t)d transfers")
            % {"plan": plan.pk, "n": len(lines), "t": len(transfers)}
            + (" " + _("(auto-apply policy)") if auto else "")
        ),
        target=plan,
        data={"lines": [line.pk for line in lines], "transfers": [t.pk for t in transfers]},
    )
    return transfers


@transaction.atomic
def reject_plan(
    *,
    seller: Seller,
    plan: AllocationPlan,
    reason: str,
    line_ids: list[int] | None = None,
    actor=None,
    api_key=None,
) -> int:
    """Reject the waiting lines (all, or `line_ids`) with a reason; returns how many."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Say why, in a few words (up to 300 characters).")]})
    if len(reason) > 300:
        raise InvalidInput(fields={"reason": [_("At most 300 characters.")]})
    plan = _locked_plan(seller, plan)
    lines = _waiting_lines(seller, plan, line_ids)
    now = timezone.now()
    AllocationPlanLine.objects.for_seller(seller).filter(pk__in=[line.pk for line in lines]).update(
        status=AllocationPlanLine.Status.REJECTED, decided_at=now
    )
    plan.reject_reason = reason
    plan.save(update_fields=["reject_reason"])
    _settle_status(seller, plan, actor=actor)
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.allocation_rejected",
        summary=_("Plan %(plan)d: %(n)d lines rejected: %(reason)s")
        % {"plan": plan.pk, "n": len(lines), "reason": reason},
        target=plan,
        data={"lines": [line.pk for line in lines]},
    )
    return len(lines)


def pool_left_for(seller: Seller, line: AllocationPlanLine) -> int:
    """Units available at the line's source for it: available less ring-fences less the
    plan's other waiting lines of the same product from the same node."""
    balance = (
        StockBalance.objects.for_seller(seller)
        .filter(product=line.product_id, node=line.from_node_id)
        .first()
    )
    available = balance.available if balance else 0
    fenced = (
        RingFence.objects.for_seller(seller)
        .filter(product=line.product_id, node=line.from_node_id)
        .aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    others = (
        AllocationPlanLine.objects.for_seller(seller)
        .filter(plan=line.plan_id, product=line.product_id, from_node=line.from_node_id, status=WAITING)
        .exclude(pk=line.pk)
        .aggregate(n=Sum("units"))["n"]
        or 0
    )
    return max(available - fenced - others, 0)


@transaction.atomic
def change_line_units(
    *, seller: Seller, line: AllocationPlanLine, units, actor=None, api_key=None
) -> AllocationPlanLine:
    """Set a waiting line's units (a whole number ≥ 1, within what the pool has left)."""
    if isinstance(units, str) and units.strip().isdigit():
        units = int(units.strip())
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise InvalidInput(fields={"units": [_("A whole number of units, 1 or more.")]})
    _locked_plan(seller, line.plan)
    line = AllocationPlanLine.objects.for_seller(seller).select_for_update().get(pk=line.pk)
    if line.status != WAITING:
        raise Conflict(_("This line is already decided; only waiting lines can change."))
    left = pool_left_for(seller, line)
    if units > left:
        raise InvalidInput(
            fields={
                "units": [
                    _("Only %(left)d units are left in the pool for this line; you asked for %(n)d.")
                    % {"left": left, "n": units}
                ]
            }
        )
    old = line.units
    unit_value = line.value / old if old else Decimal(0)
    unit_freight = line.freight_cost / old if old else Decimal(0)
    line.units = units
    line.value = (unit_value * units).quantize(CENT, ROUND_HALF_UP)
    line.freight_cost = (unit_freight * units).quantize(CENT, ROUND_HALF_UP)
    line.save(update_fields=["units", "value", "freight_cost"])
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.allocation_line_changed",
        summary=f"Plan {line.plan_id}, line {line.pk}: {old} → {units} units",
        target=line.plan,
    )
    return line


def auto_apply(*, seller: Seller, plan: AllocationPlan) -> list[Transfer]:
    """Apply the waiting lines the seller's auto-apply policy allows; the rest wait."""
    policy = AutoApplyPolicy.objects.for_seller(seller).filter(enabled=True).first()
    if policy is None:
        return []
    markets = set(policy.marketplaces.values_list("pk", flat=True))
    start_of_day = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    spent = AllocationPlanLine.objects.for_seller(seller).filter(
        status=AllocationPlanLine.Status.AUTO_APPLIED, decided_at__gte=start_of_day
    ).aggregate(v=Sum("value"))["v"] or Decimal(0)
    chosen = []
    for line_id, marketplace_id, value in (
        AllocationPlanLine.objects.for_seller(seller)
        .filter(plan=plan, status=WAITING, kind=AllocationPlanLine.Kind.SEND)
        .order_by(F("value").desc(), "id")
        .values_list("pk", "marketplace_id", "value")
    ):
        if marketplace_id not in markets or value > policy.max_line_value:
            continue
        if spent + value > policy.max_daily_value:
            continue
        spent += value
        chosen.append(line_id)
    if not chosen:
        return []
    return approve_plan(seller=seller, plan=plan, line_ids=chosen, auto=True)


def allocation_plan_work(job: JobRun, progress) -> dict:
    """Job work: plan the job's seller's pool (each run writes a new plan)."""
    plan = run_allocation_plan(seller=job.seller, job=job, progress=progress)
    if plan is None:
        return {"plan": None, "lines": 0}
    return {"plan": plan.pk, **plan.summary}


def start_allocation_plan(*, seller: Seller, started_by=None, api_key=None) -> JobRun:
    """Queue a planning run on the `allocation` queue."""
    return start_job(seller=seller, kind=ALLOCATION_PLAN_JOB, started_by=started_by, api_key=api_key, total=3)


def start_weekly_allocation_plans() -> int:
    """Beat: queue a run for every seller that holds stock in a GWD pool; returns how many."""
    with platform_scope(reason="weekly allocation plans: which sellers hold pool stock"):
        seller_ids = set(
            StockBalance.objects.filter(node__kind=Node.Kind.GWD, on_hand__gt=0)
            .values_list("seller_id", flat=True)
            .distinct()
        )
        sellers = list(Seller.objects.filter(pk__in=seller_ids))
    for seller in sellers:
        start_allocation_plan(seller=seller)
    return len(sellers)


RULE_FIELDS = ("exclude", "min_units", "max_units", "service_level", "pinned_lane")


@transaction.atomic
def save_allocation_rule(
    *,
    seller: Seller,
    product,
    marketplace,
    values: dict,
    rule: AllocationRule | None = None,
    actor=None,
    api_key=None,
) -> AllocationRule:
    """Create or change the rule of one product × marketplace.

    `product` is one of the seller's products (or its id), `marketplace` a Marketplace or
    its code; `values` holds any of exclude, min_units, max_units, service_level (0.5 to
    0.995) and pinned_lane (a Lane, its code or None). InvalidInput names every wrong field;
    nothing is saved then.
    """
    from listings.models import Product
    from logistics.models import Lane
    from portal.models import Marketplace

    errors: dict[str, list[str]] = {}
    if not isinstance(product, Product):
        product = (
            Product.objects.for_seller(seller).filter(pk=product).first()
            if isinstance(product, int)
            else None
        )
    elif product.seller_id != seller.pk:
        product = None
    if product is None:
        errors["product"] = [_("No such product in your catalogue.")]
    if not isinstance(marketplace, Marketplace):
        marketplace = Marketplace.objects.filter(code=str(marketplace or "").upper()).first()
    if marketplace is None:
        errors["marketplace"] = [_("A marketplace code, for example US or DE.")]
    current = {f: getattr(rule, f) for f in RULE_FIELDS} if rule else dict.fromkeys(RULE_FIELDS)
    if rule is None:
        current["exclude"] = False
    current.update({k: v for k, v in values.items() if k in RULE_FIELDS})
    for name in ("min_units", "max_units"):
        value = current[name]
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors[name] = [_("A whole number of units, 0 or more, or empty.")]
    if (
        "min_units" not in errors
        and "max_units" not in errors
        and current["min_units"] is not None
        and current["max_units"] is not None
        and current["min_units"] > current["max_units"]
    ):
        errors["max_units"] = [_("At least the minimum (%(n)d).") % {"n": current["min_units"]}]
    level = current["service_level"]
    if level is not None:
        try:
            level = Decimal(str(level))
        except ArithmeticError:
            level = None
            errors["service_level"] = [_("A number from 0.5 to 0.995, or empty.")]
        else:
            if not Decimal("0.5") <= level <= Decimal("0.995"):
                errors["service_level"] = [_("A number from 0.5 to 0.995, or empty.")]
        current["service_level"] = level
    lane = current["pinned_lane"]
    if lane is not None and not isinstance(lane, Lane):
        lane = Lane.objects.filter(code=str(lane)).first()
        if lane is None:
            errors["pinned_lane"] = [_("A lane code, for example agl-cn-us-ocean, or empty.")]
        current["pinned_lane"] = lane
    if not isinstance(current["exclude"], bool):
        errors["exclude"] = [_("true or false.")]
    if (
        rule is None
        and not errors
        and AllocationRule.objects.for_seller(seller)
        .filter(product=product, marketplace=marketplace)
        .exists()
    ):
        errors["marketplace"] = [_("This product already has a rule for this marketplace; change that one.")]
    if errors:
        raise InvalidInput(fields=errors)
    if rule is None:
        rule = AllocationRule(seller=seller, product=product, marketplace=marketplace)
    else:
        rule.product, rule.marketplace = product, marketplace
    for name in RULE_FIELDS:
        setattr(rule, name, current[name])
    rule.save()
    record_audit_event(
        seller=seller,
        actor=actor,
        api_key=api_key,
        action="inventory.allocation_rule_saved",
        summary=f"{product.sku} @ {marketplace.code}",
        target=rule,
    )
    return rule


@transaction.atomic
def save_auto_apply_policy(
    *,
    seller: Seller,
    enabled: bool,
    max_line_value,
    max_daily_value,
    marketplaces: list[str],
    actor=None,
) -> AutoApplyPolicy:
    """Set the seller's auto-apply policy. Limits are amounts ≥ 0 in the plan currency;
    marketplaces are codes (US, DE…). InvalidInput names every wrong field; nothing changes."""
    from portal.models import Marketplace

    errors: dict[str, list[str]] = {}
    limits = {}
    for name, value in (("max_line_value", max_line_value), ("max_daily_value", max_daily_value)):
        try:
            amount = Decimal(str(value).strip())
        except ArithmeticError:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount > Decimal("999999999999"):
            errors[name] = [_("An amount of 0 or more, for example 500.00.")]
        else:
            limits[name] = amount.quantize(CENT, ROUND_HALF_UP)
    codes = sorted({str(c).strip().upper() for c in marketplaces if str(c).strip()})
    found = list(Marketplace.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {m.code for m in found})
    if unknown:
        errors["marketplaces"] = [_("Unknown marketplace codes: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if errors:
        raise InvalidInput(fields=errors)
    policy, _created = AutoApplyPolicy.objects.for_seller(seller).get_or_create(seller=seller)
    policy.enabled = bool(enabled)
    policy.max_line_value = limits["max_line_value"]
    policy.max_daily_value = limits["max_daily_value"]
    policy.save()
    policy.marketplaces.set(found)
    record_audit_event(
        seller=seller,
        actor=actor,
        action="inventory.auto_apply_policy_saved",
        summary=f"{'on' if policy.enabled else 'off'}: {policy.max_line_value} per line, "
        f"{policy.max_daily_value} per day, {', '.join(codes) or '-'}",
        target=policy,
    )
    return policy
