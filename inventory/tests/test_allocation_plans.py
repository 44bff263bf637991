"""Allocation plans on the database: a run's lines, rules, approval once, auto-apply, edits."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from inventory.models import AllocationPlan, AllocationPlanLine, AllocationRule, AutoApplyPolicy, Transfer
from inventory.services import ledger
from inventory.services.allocation_plans import (
    approve_plan,
    change_line_units,
    reject_plan,
    run_allocation_plan,
)
from inventory.tests.factories import ProductFactory, SalesDayFactory, marketplace, node
from listings.tests.factories import ListingFactory
from portal.exceptions import InvalidInput
from portal.models import AuditEvent
from portal.tenancy import seller_scope

TODAY = datetime.date(2026, 6, 1)


def _stocked(seller, *, pool=2000, daily=10, weeks=20, sku="OJ-1"):
    """A product with `pool` units at the hub, a US listing and `daily` units sold a day."""
    product = ProductFactory(seller=seller, sku=sku, unit_cost=Decimal("5.00"), unit_cost_currency="USD")
    ListingFactory(seller=seller, product=product, price=Decimal("19.99"), currency="USD")
    ledger.receive(seller, product, node("GWD-SZX"), pool, cause_type="inbound", cause_ref=f"in-{sku}")
    start = TODAY - datetime.timedelta(weeks=weeks)
    for day in range(weeks * 7):
        SalesDayFactory(
            seller=seller,
            product=product,
            marketplace=marketplace("US"),
            day=start + datetime.timedelta(days=day),
            units=daily,
        )
    return product


@pytest.fixture
def scoped(seller):
    with seller_scope(seller):
        yield seller


def _plan(seller) -> AllocationPlan:
    plan = run_allocation_plan(seller=seller, today=TODAY)
    assert plan is not None
    return plan


def test_a_run_sends_pool_stock_to_the_market_that_sells_with_a_reason(scoped):
    product = _stocked(scoped)
    plan = _plan(scoped)
    lines = list(AllocationPlanLine.objects.for_seller(scoped).filter(plan=plan))
    assert len(lines) == 1
    line = lines[0]
    assert (line.product, line.from_node.code, line.to_node.code) == (product, "GWD-SZX", "FC-US")
    # Nothing at the node: no lane arrives before it runs out, so the fastest goes (express,
    # 8 days); 8 days + a week's review of 70 a week is below the 28-day floor: 4 × 70 = 280.
    assert line.units == 280
    assert line.lane.transit_days_max == 8
    assert line.value == Decimal("1400.00")
    assert line.reason == (
        f"FC-US: 0 days of cover, 8 days by {line.lane}, 100% service level from a $3.59 margin "
        "against $0.21 holding → 280 units, 280 cartons"
    )
    assert plan.status == AllocationPlan.Status.PROPOSED
    assert AuditEvent.objects.filter(action="inventory.allocation_planned").count() == 1


def test_an_excluded_market_gets_nothing(scoped):
    product = _stocked(scoped)
    AllocationRule.objects.for_seller(scoped).create(
        seller=scoped, product=product, marketplace=marketplace("US"), exclude=True
    )
    plan = _plan(scoped)
    assert not AllocationPlanLine.objects.for_seller(scoped).filter(plan=plan).exists()


def test_max_units_rule_caps_the_line(scoped):
    product = _stocked(scoped)
    AllocationRule.objects.for_seller(scoped).create(
        seller=scoped, product=product, marketplace=marketplace("US"), max_units=100
    )
    plan = _plan(scoped)
    assert list(
        AllocationPlanLine.objects.for_seller(scoped).filter(plan=plan).values_list("units", flat=True)
    ) == [100]


def test_never_more_than_the_pool(scoped):
    _stocked(scoped, pool=150)
    plan = _plan(scoped)
    assert list(
        AllocationPlanLine.objects.for_seller(scoped).filter(plan=plan).values_list("units", flat=True)
    ) == [150]
    assert "pool short" in AllocationPlanLine.objects.for_seller(scoped).get(plan=plan).reason


def test_approval_creates_the_transfers_once(scoped, owner):
    product = _stocked(scoped)
    plan = _plan(scoped)
    line = AllocationPlanLine.objects.for_seller(scoped).get(plan=plan)
    transfers = approve_plan(seller=scoped, plan=plan, actor=owner)
    assert [(t.from_node.code, t.to_node.code, t.reason) for t in transfers] == [
        ("GWD-SZX", "FC-US", Transfer.Reason.ALLOCATION)
    ]
    assert [(tl.product, tl.quantity) for tl in transfers[0].lines.all()] == [(product, line.units)]
    assert approve_plan(seller=scoped, plan=plan, actor=owner) == []
    assert Transfer.objects.for_seller(scoped).count() == 1
    plan.refresh_from_db()
    line.refresh_from_db()
    assert plan.status == AllocationPlan.Status.APPROVED
    assert (line.status, line.transfer) == (AllocationPlanLine.Status.APPROVED, transfers[0])
    event = AuditEvent.objects.get(action="inventory.allocation_approved")
    assert event.actor == owner


def test_approving_unknown_lines_is_refused_and_changes_nothing(scoped):
    _stocked(scoped)
    plan = _plan(scoped)
    with pytest.raises(InvalidInput) as refused:
        approve_plan(seller=scoped, plan=plan, line_ids=[999999])
    assert "999999" in refused.value.fields["lines"][0]
    assert Transfer.objects.for_seller(scoped).count() == 0


def test_reject_needs_a_reason(scoped, owner):
    _stocked(scoped)
    plan = _plan(scoped)
    with pytest.raises(InvalidInput) as refused:
        reject_plan(seller=scoped, plan=plan, reason="  ", actor=owner)
    assert "reason" in refused.value.fields
    assert (
        AllocationPlanLine.objects.for_seller(scoped).get(plan=plan).status
        == AllocationPlanLine.Status.PROPOSED
    )
    assert reject_plan(seller=scoped, plan=plan, reason="Holding for a launch", actor=owner) == 1
    plan.refresh_from_db()
    assert (plan.status, plan.reject_reason) == (AllocationPlan.Status.REJECTED, "Holding for a launch")
    assert AuditEvent.objects.get(action="inventory.allocation_rejected").actor == owner
    assert approve_plan(seller=scoped, plan=plan) == []


def test_editing_a_line_is_checked_against_the_pool(scoped, owner):
    _stocked(scoped, pool=2000)
    plan = _plan(scoped)
    line = AllocationPlanLine.objects.for_seller(scoped).get(plan=plan)
    before = line.units
    with pytest.raises(InvalidInput) as refused:
        change_line_units(seller=scoped, line=line, units=2001, actor=owner)
    assert refused.value.fields["units"] == [
        "Only 2000 units are left in the pool for this line; you asked for 2001."
    ]
    line.refresh_from_db()
    assert line.units == before
    changed = change_line_units(seller=scoped, line=line, units=300, actor=owner)
    assert (changed.units, changed.suggested_units, changed.value) == (300, before, Decimal("1500.00"))


def _policy(seller, *, line_limit, day_limit):
    policy = AutoApplyPolicy.objects.for_seller(seller).create(
        seller=seller, enabled=True, max_line_value=line_limit, max_daily_value=day_limit
    )
    policy.marketplaces.add(marketplace("US"))
    return policy


def test_auto_apply_within_its_limits_applies_and_says_so(scoped):
    _stocked(scoped)
    _policy(scoped, line_limit=Decimal("100000"), day_limit=Decimal("100000"))
    plan = _plan(scoped)
    line = AllocationPlanLine.objects.for_seller(scoped).get(plan=plan)
    assert line.status == AllocationPlanLine.Status.AUTO_APPLIED
    assert line.transfer is not None
    event = AuditEvent.objects.get(action="inventory.allocation_auto_applied")
    assert event.actor is None
    assert "auto-apply policy" in event.summary


def test_auto_apply_over_its_line_limit_waits_for_sign_off(scoped):
    _stocked(scoped)
    _policy(scoped, line_limit=Decimal("100"), day_limit=Decimal("100000"))
    plan = _plan(scoped)
    line = AllocationPlanLine.objects.for_seller(scoped).get(plan=plan)
    assert line.status == AllocationPlanLine.Status.PROPOSED
    assert Transfer.objects.for_seller(scoped).count() == 0
    assert not AuditEvent.objects.filter(action="inventory.allocation_auto_applied").exists()


def test_auto_apply_over_its_daily_limit_waits(scoped):
    _stocked(scoped)
    _stocked(scoped, sku="OJ-2")
    _policy(scoped, line_limit=Decimal("100000"), day_limit=Decimal("2000"))
    plan = _plan(scoped)
    statuses = sorted(
        AllocationPlanLine.objects.for_seller(scoped).filter(plan=plan).values_list("status", flat=True)
    )
    # Each line is worth 1,400: the first fits the day's 2,000, the second waits.
    assert statuses == [AllocationPlanLine.Status.AUTO_APPLIED, AllocationPlanLine.Status.PROPOSED]


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_create_each_transfer_once(require_postgres, seller):
    with seller_scope(seller):
        _stocked(seller)
        plan = _plan(seller)
    barrier = threading.Barrier(2)
    errors = []

    def approve():
        try:
            with seller_scope(seller):
                barrier.wait()
                approve_plan(seller=seller, plan=plan)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with seller_scope(seller):
        assert Transfer.objects.for_seller(seller).count() == 1
        assert AllocationPlanLine.objects.for_seller(seller).get(plan=plan).status == "approved"


def test_the_job_plans_with_progress_and_the_weekly_beat_starts_one_per_seller(scoped, other_seller):
    from inventory.services.allocation_plans import (
        ALLOCATION_PLAN_JOB,
        allocation_plan_work,
        start_allocation_plan,
        start_weekly_allocation_plans,
    )
    from portal.models import JobRun
    from portal.services.jobs import JobProgress

    _stocked(scoped)
    job = start_allocation_plan(seller=scoped)
    summary = allocation_plan_work(job, JobProgress(job))
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (3, 3)
    plan = AllocationPlan.objects.for_seller(scoped).get(pk=summary["plan"])
    assert (plan.job, summary["lines"]) == (job, 1)
    # Only the seller holding pool stock gets a weekly run.
    assert start_weekly_allocation_plans() == 1
    assert JobRun.objects.for_seller(scoped).filter(kind=ALLOCATION_PLAN_JOB).count() == 2


def _stored(seller, product, *, weekly, stage="steady", market="US"):
    """The forecasting job's output for one series: `weekly` units a week, p10–p90 ±20%."""
    from django.utils import timezone

    from inventory.models import Forecast, MarketStage

    made_at = timezone.now()
    start = TODAY - datetime.timedelta(days=TODAY.weekday())
    Forecast.objects.for_seller(seller).create(
        seller=seller,
        product=product,
        marketplace=marketplace(market),
        made_at=made_at,
        first_week=start,
        method="global",
        weeks={
            "start": start.isoformat(),
            "mean": [weekly] * 26,
            "p10": [weekly * 0.8] * 26,
            "p50": [weekly] * 26,
            "p90": [weekly * 1.2] * 26,
        },
    )
    MarketStage.objects.for_seller(seller).create(
        seller=seller,
        product=product,
        marketplace=marketplace(market),
        stage=stage,
        reason="set by the test",
        decided_at=made_at,
    )


def test_a_run_uses_the_stored_forecast_rather_than_the_sales_history(scoped):
    product = _stocked(scoped, daily=10)
    _stored(scoped, product, weekly=200.0)
    plan = _plan(scoped)
    line = AllocationPlanLine.objects.for_seller(scoped).get(plan=plan)
    # 200 a week, not the 70 of the history: the 28-day floor alone is 800.
    assert line.units >= 800
    assert line.reason.startswith("FC-US: 0 days of cover, 8 days by ")


def test_a_declining_market_gets_no_stock_and_a_pull_back(scoped):
    product = _stocked(scoped, daily=10)
    ledger.receive(scoped, product, node("FC-US"), 900, cause_type="inbound", cause_ref="at-the-fc")
    _stored(scoped, product, weekly=20.0, stage="decline")
    plan = _plan(scoped)
    lines = list(AllocationPlanLine.objects.for_seller(scoped).filter(plan=plan))
    assert [(line.kind, line.from_node.code, line.to_node.code) for line in lines] == [
        ("pullback", "FC-US", "GWD-SZX")
    ]
    # 45 weeks of cover: the ocean lane (35 days) is in time; the node keeps its target for
    # 35 days + a week of 20 a week at a high service level (163) and returns the rest.
    assert lines[0].units == 900 - 163
    assert lines[0].reason.endswith("→ keep 163 units, pull back 737 (declining market: no new stock)")
