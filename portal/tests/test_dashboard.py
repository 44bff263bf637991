"""The dashboard: stage, members, recent jobs, marketplaces, in a fixed number of queries."""

import pytest
from django.urls import reverse

from portal.models import JobRun, Marketplace
from portal.services.marketplace_readiness import KIND as READINESS
from portal.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_stage_members_jobs_and_marketplaces(owner_client, owner, seller, other_seller):
    MembershipFactory(seller=seller, role="viewer")
    MembershipFactory(seller=other_seller, role="viewer")
    mine = JobRun.objects.for_seller(seller).create(seller=seller, kind=READINESS, status="succeeded")
    theirs = JobRun.objects.for_seller(other_seller).create(seller=other_seller, kind=READINESS)

    body = owner_client.get(reverse("dashboard")).content.decode()

    assert '<li class="stage stage-current" aria-current="step">Quick start</li>' in body
    assert '<p class="figure">2</p>' in body
    assert f'href="/jobs/{mine.pk}/"' in body
    assert f'href="/jobs/{theirs.pk}/"' not in body
    active = Marketplace.objects.filter(is_active=True).count()
    assert active == 23
    assert f"{active} marketplaces" in body
    assert "<abbr" in body
    assert ">JP</abbr>" in body


def test_dashboard_queries_do_not_grow_with_jobs_or_members(
    owner_client, owner, seller, django_assert_num_queries
):
    for _ in range(8):
        MembershipFactory(seller=seller, role="viewer")
    JobRun.objects.for_seller(seller).bulk_create(
        [JobRun(seller=seller, kind=READINESS, started_by=owner) for _ in range(12)]
    )
    # session, user, the user's memberships, recent jobs, member count, marketplaces
    with django_assert_num_queries(6):
        response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_a_user_without_a_seller_is_told_to_ask_for_an_invitation(client):
    client.force_login(UserFactory())

    body = client.get(reverse("dashboard")).content.decode()

    assert "You do not belong to any seller yet." in body


def test_navigation_links_every_area_and_marks_the_current_one(owner_client):
    body = owner_client.get(reverse("jobs")).content.decode()

    for name in (
        "dashboard",
        "listings:index",
        "inventory:index",
        "logistics:index",
        "brands:index",
        "settings",
    ):
        assert f'href="{reverse(name)}"' in body
    assert f'<a href="{reverse("jobs")}" aria-current="page">Jobs</a>' in body
    assert 'for="nav-toggle"' in body
