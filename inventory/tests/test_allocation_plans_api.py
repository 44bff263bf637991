"""/api/v1/allocation-plans/ and /api/v1/allocation-rules/: runs, approval, rules, tenants."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from inventory.models import AllocationPlan, AllocationPlanLine, AllocationRule, Transfer
from inventory.services.allocation_plans import run_allocation_plan
from inventory.tests.factories import ProductFactory, marketplace
from inventory.tests.test_allocation_plans import TODAY, _stocked
from portal.models import JobRun
from portal.services.api_keys import create_api_key
from portal.tenancy import seller_scope

PLANS = "/api/v1/allocation-plans/"
RULES = "/api/v1/allocation-rules/"


def api(seller, scopes=("inventory:read", "inventory:write")):
    _key, raw = create_api_key(seller=seller, name="allocation", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def plan(seller):
    with seller_scope(seller):
        _stocked(seller)
        return run_allocation_plan(seller=seller, today=TODAY)


def test_list_and_detail_with_lines_and_reasons(seller, plan, django_assert_max_num_queries):
    client = api(seller)
    listed = client.get(PLANS)
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["results"]] == [plan.pk]
    with django_assert_max_num_queries(12):
        detail = client.get(f"{PLANS}{plan.pk}/").json()
    (line,) = detail["lines"]
    assert (line["from_node"], line["to_node"], line["marketplace"], line["units"], line["status"]) == (
        "GWD-SZX",
        "FC-US",
        "US",
        280,
        "proposed",
    )
    assert line["reason"].startswith("FC-US: 0 days of cover")


def test_post_starts_a_run_once_per_idempotency_key(seller):
    client = api(seller)
    first = client.post(PLANS, {}, format="json", HTTP_IDEMPOTENCY_KEY="plan-1")
    again = client.post(PLANS, {}, format="json", HTTP_IDEMPOTENCY_KEY="plan-1")
    assert first.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["kind"] == "inventory.allocation_plan"
    with seller_scope(seller):
        assert JobRun.objects.for_seller(seller).filter(kind="inventory.allocation_plan").count() == 1


def test_approve_creates_the_transfer_once(seller, plan):
    client = api(seller)
    first = client.post(f"{PLANS}{plan.pk}/approve/", {}, format="json")
    again = client.post(f"{PLANS}{plan.pk}/approve/", {}, format="json")
    assert first.status_code == 200, first.json()
    assert again.status_code == 200
    assert first.json()["status"] == "approved"
    assert first.json()["lines"][0]["transfer"].startswith("TRF-")
    with seller_scope(seller):
        assert Transfer.objects.for_seller(seller).count() == 1


def test_approve_unknown_line_is_a_field_error(seller, plan):
    response = api(seller).post(f"{PLANS}{plan.pk}/approve/", {"lines": [987654]}, format="json")
    assert response.status_code == 400
    assert "987654" in str(response.json())
    with seller_scope(seller):
        assert Transfer.objects.for_seller(seller).count() == 0


def test_reject_needs_a_reason(seller, plan):
    client = api(seller)
    missing = client.post(f"{PLANS}{plan.pk}/reject/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in str(missing.json())
    done = client.post(f"{PLANS}{plan.pk}/reject/", {"reason": "Waiting for the launch"}, format="json")
    assert done.json()["status"] == "rejected"


def test_a_read_only_key_cannot_approve(seller, plan):
    response = api(seller, scopes=("inventory:read",)).post(f"{PLANS}{plan.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    with seller_scope(seller):
        assert AllocationPlanLine.objects.for_seller(seller).get(plan=plan).status == "proposed"


def test_a_viewer_cannot_approve(client, seller, plan, make_member):
    client.force_login(make_member(seller, "viewer"))
    assert client.get(f"{PLANS}{plan.pk}/").status_code == 200
    response = client.post(f"{PLANS}{plan.pk}/approve/", {}, content_type="application/json")
    assert response.status_code == 403
    with seller_scope(seller):
        assert Transfer.objects.for_seller(seller).count() == 0


def test_another_sellers_plan_answers_404(seller, other_seller, plan):
    client = api(other_seller)
    assert client.get(f"{PLANS}{plan.pk}/").status_code == 404
    assert client.post(f"{PLANS}{plan.pk}/approve/", {}, format="json").status_code == 404
    assert client.post(f"{PLANS}{plan.pk}/reject/", {"reason": "x"}, format="json").status_code == 404
    assert client.get(PLANS).json()["results"] == []
    with seller_scope(seller):
        assert AllocationPlan.objects.for_seller(seller).get(pk=plan.pk).status == "proposed"


def test_rules_crud(seller):
    with seller_scope(seller):
        product = ProductFactory(seller=seller, sku="RULED")
    client = api(seller)
    created = client.post(
        RULES,
        {"product": product.pk, "marketplace": "US", "max_units": 50, "service_level": "0.9"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    rule = created.json()
    assert (rule["sku"], rule["marketplace"], rule["max_units"], rule["service_level"], rule["exclude"]) == (
        "RULED",
        "US",
        50,
        "0.900",
        False,
    )
    changed = client.patch(f"{RULES}{rule['id']}/", {"exclude": True}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["exclude"], changed.json()["max_units"]) == (True, 50)
    duplicate = client.post(RULES, {"product": product.pk, "marketplace": "US"}, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["fields"] == {
        "marketplace": ["This product already has a rule for this marketplace; change that one."]
    }
    assert client.delete(f"{RULES}{rule['id']}/").status_code == 204
    with seller_scope(seller):
        assert not AllocationRule.objects.for_seller(seller).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"marketplace": "XX"}, "marketplace"),
        ({"min_units": 10, "max_units": 5}, "max_units"),
        ({"service_level": "0.3"}, "service_level"),
        ({"pinned_lane": "no-such-lane"}, "pinned_lane"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(seller, body, field):
    with seller_scope(seller):
        product = ProductFactory(seller=seller, sku="RULED")
    response = api(seller).post(RULES, {"product": product.pk, "marketplace": "US", **body}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    with seller_scope(seller):
        assert not AllocationRule.objects.for_seller(seller).exists()


def test_another_sellers_rule_answers_404_and_their_product_is_refused(seller, other_seller):
    with seller_scope(seller):
        product = ProductFactory(seller=seller, sku="MINE")
        rule = AllocationRule.objects.for_seller(seller).create(
            seller=seller, product=product, marketplace=marketplace("US"), exclude=True
        )
    client = api(other_seller)
    assert client.get(f"{RULES}{rule.pk}/").status_code == 404
    assert client.patch(f"{RULES}{rule.pk}/", {"exclude": False}, format="json").status_code == 404
    assert client.delete(f"{RULES}{rule.pk}/").status_code == 404
    refused = client.post(RULES, {"product": product.pk, "marketplace": "US"}, format="json")
    assert refused.status_code == 400
    assert "product" in str(refused.json())
    rule.refresh_from_db()
    assert rule.exclude is True
