"""Settings: the index and its sub-navigation, the seller profile, the audit log."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent, Seller
from portal.services.audit import record_audit_event
from portal.views.settings_pages import AUDIT_EVENTS_PER_PAGE

pytestmark = pytest.mark.django_db


def test_settings_index_links_every_settings_page(owner_client):
    body = owner_client.get(reverse("settings")).content.decode()

    for name in ("members", "invitations", "audit_log", "seller_profile"):
        assert f'href="{reverse(name)}"' in body
    assert 'href="/settings/api-keys/"' in body


def test_audit_log_is_hidden_from_the_index_of_non_managers(client, seller, make_member):
    client.force_login(make_member(seller, "operator"))

    body = client.get(reverse("settings")).content.decode()

    assert "Sign-ins, role changes, invitations and API keys." not in body


def test_owner_edits_the_seller_profile_and_it_is_audited(owner_client, seller):
    response = owner_client.post(
        reverse("seller_profile"), {"name": "Acme Global", "home_currency": "usd", "stage": "optimise"}
    )

    assert response.status_code == 302
    seller.refresh_from_db()
    assert (seller.name, seller.home_currency, seller.stage) == ("Acme Global", "USD", "optimise")
    event = AuditEvent.objects.for_seller(seller).get(action="seller.updated")
    assert event.data["changes"]["stage"] == ["quick_start", "optimise"]
    assert (
        "The seller&#x27;s profile was saved." in owner_client.get(reverse("seller_profile")).content.decode()
    )


def test_unknown_stage_is_refused_by_field_and_nothing_changes(owner_client, seller):
    response = owner_client.post(
        reverse("seller_profile"), {"name": "Acme", "home_currency": "USD", "stage": "boom"}
    )

    assert response.status_code == 400
    assert "Select a valid choice. boom is not one of the available choices." in response.content.decode()
    seller.refresh_from_db()
    assert (seller.name, seller.home_currency, seller.stage) == ("Acme Trading", "CNY", "quick_start")


def test_unknown_currency_is_named_in_the_error(owner_client, seller):
    response = owner_client.post(
        reverse("seller_profile"), {"name": "Acme", "home_currency": "XXY", "stage": "deepen"}
    )

    assert response.status_code == 400
    assert "XXY is not an ISO 4217 currency code (for example USD, EUR, CNY)." in response.content.decode()
    seller.refresh_from_db()
    assert seller.stage == "quick_start"


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_non_managers_see_the_profile_but_cannot_change_it(client, seller, make_member, role):
    client.force_login(make_member(seller, role))

    page = client.get(reverse("seller_profile"))
    response = client.post(
        reverse("seller_profile"), {"name": "Hijacked", "home_currency": "USD", "stage": "deepen"}
    )

    assert page.status_code == 200
    assert "disabled" in page.content.decode()
    assert response.status_code == 403
    assert Seller.objects.get(pk=seller.pk).name == "Acme Trading"


def test_audit_log_shows_the_sellers_events_and_filters_by_action(owner_client, owner, seller, other_seller):
    record_audit_event(
        seller=seller, actor=owner, action="api_key.created", summary="ERP key (catalogue:read)"
    )
    record_audit_event(
        seller=seller, actor=owner, action="member.removed", summary="bob@example.com (viewer)"
    )
    record_audit_event(seller=other_seller, action="member.removed", summary="their.secret@example.com")

    everything = owner_client.get(reverse("audit_log")).content.decode()
    removals = owner_client.get(reverse("audit_log"), {"action": "member.removed"}).content.decode()

    assert "ERP key (catalogue:read)" in everything
    assert "API key created" in everything
    assert "bob@example.com (viewer)" in everything
    assert "their.secret@example.com" not in everything
    assert "bob@example.com (viewer)" in removals
    assert "ERP key" not in removals
    assert '<option value="member.removed" selected>' in removals


def test_audit_log_is_paginated(owner_client, owner, seller):
    for number in range(AUDIT_EVENTS_PER_PAGE + 3):
        record_audit_event(
            seller=seller, actor=owner, action="seller.updated", summary=f"change {number:03d}"
        )

    first = owner_client.get(reverse("audit_log"), {"action": "seller.updated"}).content.decode()
    second = owner_client.get(reverse("audit_log"), {"action": "seller.updated", "page": 2}).content.decode()

    assert f"change {AUDIT_EVENTS_PER_PAGE + 2:03d}" in first
    assert "change 000" not in first
    assert "change 000" in second
    assert "Page 2 of 2" in second
    assert "?action=seller.updated&amp;page=1" in second


def test_audit_log_page_query_count_is_fixed(owner_client, owner, seller, django_assert_num_queries):
    for number in range(30):
        record_audit_event(seller=seller, actor=owner, action="seller.updated", summary=f"change {number}")
    # session, user, memberships, count, page of events with actors and keys
    with django_assert_num_queries(5):
        assert owner_client.get(reverse("audit_log")).status_code == 200


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_only_owners_and_admins_read_the_audit_log(client, seller, make_member, role):
    client.force_login(make_member(seller, role))

    assert client.get(reverse("audit_log")).status_code == 403


def test_admin_reads_the_audit_log(client, seller, make_member):
    client.force_login(make_member(seller, "admin"))

    assert client.get(reverse("audit_log")).status_code == 200
