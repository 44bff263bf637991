"""The tenant manager fails closed and scopes every query to one seller."""

import pytest
from django_scopes.exceptions import ScopeError

from portal.models import AuditEvent, JobRun
from portal.services.platform_scope import platform_scope
from portal.tenancy import seller_scope


@pytest.fixture
def jobs(seller, other_seller):
    return (
        JobRun.objects.for_seller(seller).create(seller=seller, kind="ours"),
        JobRun.objects.for_seller(other_seller).create(seller=other_seller, kind="theirs"),
    )


def test_query_without_scope_raises(jobs):
    with pytest.raises(ScopeError):
        list(JobRun.objects.all())
    with pytest.raises(ScopeError):
        JobRun.objects.filter(kind="ours").count()


def test_for_seller_sees_only_that_sellers_rows(seller, jobs):
    assert list(JobRun.objects.for_seller(seller).values_list("kind", flat=True)) == ["ours"]


def test_seller_scope_filters_plain_queries(other_seller, jobs):
    with seller_scope(other_seller):
        assert list(JobRun.objects.values_list("kind", flat=True)) == ["theirs"]
        assert not JobRun.objects.filter(kind="ours").exists()


def test_for_seller_refuses_no_seller():
    with pytest.raises(ScopeError):
        JobRun.objects.for_seller(None)


def test_platform_scope_reads_across_sellers_and_is_audited(jobs):
    with platform_scope(reason="brand monitoring sweep"):
        assert JobRun.objects.count() == 2
        event = AuditEvent.objects.get(action="platform.scope_opened")
    assert event.summary == "brand monitoring sweep"
    assert event.seller is None


def test_platform_scope_needs_a_reason():
    with pytest.raises(ValueError, match="reason"), platform_scope(reason=""):
        pass
