"""The operators' admin: verifying brands, the removal queue and appeals, each with a reason."""

from __future__ import annotations

import pytest
from django.conf import settings

from brands.models import Appeal, Brand, BrandCase, Takedown
from brands.tests.factories import AppealFactory, BrandCaseFactory, BrandFactory, TakedownFactory
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(client, operator):
    client.force_login(operator)
    return client


def test_an_operator_verifies_or_rejects_an_application_with_a_reason(ops, seller, other_seller, operator):
    pending = BrandFactory(seller=seller, name="Nightjar", status=Brand.Status.PENDING)
    page = ops.get(f"/admin/brands/brand/{pending.pk}/decide/")
    assert page.status_code == 200
    refused = ops.post(f"/admin/brands/brand/{pending.pk}/decide/", {"decision": "reject", "reason": ""})
    assert refused.status_code == 400
    ops.post(f"/admin/brands/brand/{pending.pk}/decide/", {"decision": "verify"})
    pending.refresh_from_db()
    assert pending.status == Brand.Status.VERIFIED
    other = BrandFactory(seller=other_seller, name="Wrenfold", status=Brand.Status.PENDING)
    ops.post(f"/admin/brands/brand/{other.pk}/decide/", {"decision": "reject", "reason": "Mark not found."})
    other.refresh_from_db()
    assert (other.status, other.rejection_reason) == (Brand.Status.REJECTED, "Mark not found.")
    assert (
        AuditEvent.objects.with_scopes_disabled().filter(actor=operator, action__startswith="brands.").count()
        == 2
    )


def test_the_removal_queue_upholds_and_appeals_are_decided(ops, seller, copycat):
    case = BrandCaseFactory(seller=seller, accused_seller=copycat, status=BrandCase.Status.REQUESTED)
    TakedownFactory(seller=copycat, case=case)
    queue = ops.get("/admin/brands/brandcase/", {"status__exact": "requested"}).content.decode()
    assert f"/admin/brands/brandcase/{case.pk}/decide/" in queue
    ops.post(f"/admin/brands/brandcase/{case.pk}/decide/", {"decision": "uphold", "reason": "Counterfeit."})
    case.refresh_from_db()
    assert case.status == BrandCase.Status.REMOVED
    appeal = AppealFactory(seller=copycat, takedown=Takedown.objects.with_scopes_disabled().get(case=case))
    ops.post(f"/admin/brands/appeal/{appeal.pk}/decide/", {"decision": "lost", "reason": "No licence shown."})
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.LOST


def test_monitoring_runs_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["brand-monitoring-nightly"]
    assert entry["task"] == "brands.tasks.monitoring.monitor_catalogue"
