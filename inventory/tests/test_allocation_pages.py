"""Pages of allocation plans: sign-off, edits, the viewer's read-only view, tenants, simulation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import AllocationPlanLine, SalesDay, Transfer
from inventory.services.allocation_plans import run_allocation_plan
from inventory.tests.test_allocation_plans import TODAY, _stocked
from portal.tenancy import seller_scope


@pytest.fixture
def plan(seller):
    with seller_scope(seller):
        _stocked(seller)
        return run_allocation_plan(seller=seller, today=TODAY)


@pytest.fixture
def viewer_client(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))
    return client


def test_the_plan_page_shows_each_line_with_its_reason(owner_client, plan, django_assert_max_num_queries):
    assert (
        reverse("inventory:allocation_plan_detail", args=[plan.pk])
        in owner_client.get(reverse("inventory:allocation_plans")).content.decode()
    )
    with django_assert_max_num_queries(14):
        page = owner_client.get(reverse("inventory:allocation_plan_detail", args=[plan.pk]) + "?sort=units")
    body = page.content.decode()
    assert page.status_code == 200
    assert "FC-US: 0 days of cover" in body
    assert reverse("inventory:allocation_plan_approve", args=[plan.pk]) in body


def test_a_writer_edits_then_approves(owner_client, seller, plan):
    with seller_scope(seller):
        line = AllocationPlanLine.objects.for_seller(seller).get(plan=plan)
    owner_client.post(reverse("inventory:allocation_line_edit", args=[line.pk]), {"units": "120"})
    owner_client.post(reverse("inventory:allocation_plan_approve", args=[plan.pk]), {"lines": [str(line.pk)]})
    with seller_scope(seller):
        line.refresh_from_db()
        assert (line.units, line.status) == (120, "approved")
        assert [tl.quantity for tl in Transfer.objects.for_seller(seller).get().lines.all()] == [120]


def test_an_edit_beyond_the_pool_is_refused_and_changes_nothing(owner_client, seller, plan):
    with seller_scope(seller):
        line = AllocationPlanLine.objects.for_seller(seller).get(plan=plan)
    response = owner_client.post(
        reverse("inventory:allocation_line_edit", args=[line.pk]), {"units": "999999"}, follow=True
    )
    assert "Only 2000 units are left in the pool for this line" in response.content.decode()
    with seller_scope(seller):
        line.refresh_from_db()
        assert line.units == 280


def test_a_viewer_sees_the_plan_but_cannot_approve_reject_or_edit(viewer_client, seller, plan):
    with seller_scope(seller):
        line = AllocationPlanLine.objects.for_seller(seller).get(plan=plan)
    page = viewer_client.get(reverse("inventory:allocation_plan_detail", args=[plan.pk])).content.decode()
    assert reverse("inventory:allocation_plan_approve", args=[plan.pk]) not in page
    assert viewer_client.post(reverse("inventory:allocation_plan_approve", args=[plan.pk])).status_code == 403
    assert (
        viewer_client.post(
            reverse("inventory:allocation_plan_reject", args=[plan.pk]), {"reason": "no"}
        ).status_code
        == 403
    )
    assert (
        viewer_client.post(
            reverse("inventory:allocation_line_edit", args=[line.pk]), {"units": "5"}
        ).status_code
        == 403
    )
    assert viewer_client.post(reverse("inventory:allocation_plan_start")).status_code == 403
    with seller_scope(seller):
        line.refresh_from_db()
        assert (line.units, line.status) == (280, "proposed")
        assert not Transfer.objects.for_seller(seller).exists()


def test_another_sellers_plan_answers_404(client, other_seller, make_member, seller, plan):
    client.force_login(make_member(other_seller, "owner"))
    with seller_scope(seller):
        line = AllocationPlanLine.objects.for_seller(seller).get(plan=plan)
    assert client.get(reverse("inventory:allocation_plan_detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("inventory:allocation_plan_approve", args=[plan.pk])).status_code == 404
    assert (
        client.post(reverse("inventory:allocation_line_edit", args=[line.pk]), {"units": "5"}).status_code
        == 404
    )
    with seller_scope(seller):
        assert not Transfer.objects.for_seller(seller).exists()


def test_the_simulation_page_replays_the_sellers_sales_in_charts(owner_client, seller):
    with seller_scope(seller):
        product = _stocked(seller, weeks=30)
        # Move the sales to the weeks just before today, so the page's window holds them.
        shift = timezone.now().date() - TODAY
        for day in SalesDay.objects.for_seller(seller).filter(product=product):
            day.day = day.day + shift - datetime.timedelta(days=1)
            day.save(update_fields=["day"])
    page = owner_client.get(reverse("inventory:allocation_simulation"))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="simulation-data"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    # Nothing inline for the CSP: every script is a file or JSON data.
    tags = re.findall(r"<script[^>]*>", body)
    assert tags
    assert all("src=" in tag or 'type="application/json"' in tag for tag in tags)
    assert "Fill rate" in body


def test_the_simulation_page_says_when_history_is_too_short(owner_client):
    body = owner_client.get(reverse("inventory:allocation_simulation")).content.decode()
    assert "the simulation needs at least 16" in body


def test_the_auto_apply_policy_is_set_on_the_plans_page(owner_client, seller):
    from inventory.models import AutoApplyPolicy

    url = reverse("inventory:allocation_auto_apply")
    refused = owner_client.post(
        url,
        {"enabled": "on", "max_line_value": "-5", "max_daily_value": "100", "marketplaces": "US XX"},
        follow=True,
    )
    body = refused.content.decode()
    assert "An amount of 0 or more" in body
    assert "Unknown marketplace codes: XX." in body
    with seller_scope(seller):
        assert not AutoApplyPolicy.objects.for_seller(seller).exists()
    owner_client.post(
        url, {"enabled": "on", "max_line_value": "500", "max_daily_value": "2000", "marketplaces": "us, de"}
    )
    with seller_scope(seller):
        policy = AutoApplyPolicy.objects.for_seller(seller).get()
        assert (policy.enabled, policy.max_line_value, policy.max_daily_value) == (True, 500, 2000)
        assert sorted(policy.marketplaces.values_list("code", flat=True)) == ["DE", "US"]


def test_a_viewer_cannot_change_the_auto_apply_policy(viewer_client, seller):
    from inventory.models import AutoApplyPolicy

    response = viewer_client.post(
        reverse("inventory:allocation_auto_apply"),
        {"enabled": "on", "max_line_value": "1", "max_daily_value": "1", "marketplaces": "US"},
    )
    assert response.status_code == 403
    with seller_scope(seller):
        assert not AutoApplyPolicy.objects.for_seller(seller).exists()
