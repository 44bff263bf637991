"""Project Zero: join at 90% of ≥ 20 decided, suspended below 99%, self-service removals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from brands.models import BrandCase, ProjectZeroMembership, Takedown
from brands.services import cases, project_zero, takedowns
from brands.tests.factories import BrandCaseFactory, TakedownFactory
from listings.models import Listing
from listings.tests.factories import ListingFactory
from portal.exceptions import Conflict
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def decided(brand, upheld: int, rejected: int):
    """A history of decided removal requests, oldest first."""
    start = timezone.now() - timedelta(days=60)
    statuses = [BrandCase.Status.REMOVED] * upheld + [BrandCase.Status.REJECTED] * rejected
    for i, status in enumerate(statuses):
        BrandCaseFactory(
            seller=brand.seller, brand=brand, status=status, decided_at=start + timedelta(hours=i)
        )


def test_joining_needs_90_percent_of_at_least_20_decided(seller, brand):
    decided(brand, upheld=17, rejected=2)
    allowed, why = project_zero.can_join(seller=seller)
    assert not allowed
    assert "20" in why
    decided(brand, upheld=0, rejected=1)  # 17 of 20: 85%
    with pytest.raises(Conflict):
        project_zero.join_project_zero(seller=seller)
    decided(brand, upheld=1, rejected=0)  # 18 of 21 = 85.7%
    assert not project_zero.can_join(seller=seller)[0]
    decided(brand, upheld=3, rejected=0)  # 21 of 24 = 87.5%
    assert not project_zero.can_join(seller=seller)[0]
    decided(brand, upheld=6, rejected=0)  # 27 of 30 = 90%
    membership = project_zero.join_project_zero(seller=seller)
    assert membership.status == ProjectZeroMembership.Status.MEMBER
    assert project_zero.accuracy(seller=seller).percent == "90.0%"


@pytest.fixture
def member(seller, brand):
    decided(brand, upheld=50, rejected=0)
    return project_zero.join_project_zero(seller=seller)


def test_a_members_confirmation_removes_at_once_and_stays_appealable(seller, brand, member, copycat, owner):
    case = BrandCaseFactory(seller=seller, brand=brand, accused_seller=copycat)
    ListingFactory(seller=copycat, product=case.product)
    case = cases.confirm_case(seller=seller, case=case, actor=owner)
    assert (case.status, case.self_service) == (BrandCase.Status.REMOVED, True)
    assert set(Listing.objects.for_seller(copycat).values_list("state", flat=True)) == {"ended"}
    notice = Takedown.objects.for_seller(copycat).get()
    assert notice.status == Takedown.Status.REMOVED
    assert takedowns.file_appeal(seller=copycat, takedown=notice, statement="We are authorised.").pk
    assert AuditEvent.objects.for_seller(seller).filter(action="brands.removal_upheld").exists()


def test_a_member_falling_below_99_percent_is_suspended_and_told_why(
    seller, brand, member, copycat, operator
):
    case = BrandCaseFactory(
        seller=seller, brand=brand, accused_seller=copycat, status=BrandCase.Status.REQUESTED
    )
    TakedownFactory(seller=copycat, case=case)
    cases.reject_removal(case=case, operator=operator, reason="Not the mark.")  # 49 of 50 = 98%
    membership = project_zero.membership_of(seller=seller)
    assert membership.status == ProjectZeroMembership.Status.SUSPENDED
    assert "98.0%" in membership.suspension_reason
    assert "99%" in membership.suspension_reason
    assert not project_zero.is_member(seller=seller)
    # Suspended: the next confirmation goes to review again.
    nxt = BrandCaseFactory(seller=seller, brand=brand, accused_seller=copycat)
    assert cases.confirm_case(seller=seller, case=nxt).status == BrandCase.Status.REQUESTED


def test_an_appeal_won_by_the_accused_counts_against_the_member(seller, brand, member, copycat, operator):
    case = BrandCaseFactory(seller=seller, brand=brand, accused_seller=copycat)
    cases.confirm_case(seller=seller, case=case)
    notice = Takedown.objects.for_seller(copycat).get()
    appeal = takedowns.file_appeal(seller=copycat, takedown=notice, statement="Our own design.")
    takedowns.decide_appeal(appeal=appeal, won=True, operator=operator, reason="Prior use proven.")
    assert project_zero.accuracy(seller=seller).upheld == 49
    assert project_zero.membership_of(seller=seller).status == ProjectZeroMembership.Status.SUSPENDED


def test_a_suspended_member_rejoins_once_accuracy_recovers(seller, brand, member, copycat, operator):
    case = BrandCaseFactory(
        seller=seller, brand=brand, accused_seller=copycat, status=BrandCase.Status.REQUESTED
    )
    TakedownFactory(seller=copycat, case=case)
    cases.reject_removal(case=case, operator=operator, reason="Not the mark.")
    assert not project_zero.can_join(seller=seller)[0]  # 98% is above 90% but below the 99% to rejoin
    later = timezone.now() + timedelta(days=1)
    for i in range(50):
        BrandCaseFactory(
            seller=seller, brand=brand, status=BrandCase.Status.REMOVED, decided_at=later + timedelta(hours=i)
        )
    assert project_zero.join_project_zero(seller=seller).status == ProjectZeroMembership.Status.MEMBER
