"""Inviting people by e-mail with a role, and accepting: new account or existing user."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal.models import AuditEvent, Invitation, Membership
from portal.services.invitations import hash_token, invite_member
from portal.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long enough passphrase"


def invitations_of(seller):
    return list(Invitation.objects.for_seller(seller).order_by("pk"))


def audit(action):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action))


def send(client, email="new.colleague@example.com", role="operator"):
    return client.post(reverse("invitations"), {"email": email, "role": role})


def accept_link(message) -> str:
    return re.search(r"https?://testserver(/accounts/invitations/\S+/)", message.body).group(1)


def test_owner_invites_and_the_email_leaves_after_commit(
    owner_client, owner, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = send(owner_client, email=" New.Colleague@Example.com ")
    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent before the transaction commits

    for callback in callbacks:
        callback()

    [invitation] = invitations_of(seller)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.colleague@example.com",
        "operator",
        owner,
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["new.colleague@example.com"]
    assert seller.name in message.subject
    link = accept_link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is kept: the database never holds the token itself.
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert [event.summary for event in audit("invitation.sent")] == ["new.colleague@example.com (operator)"]


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_operators_and_viewers_cannot_invite(client, seller, make_member, role):
    client.force_login(make_member(seller, role))

    response = send(client)

    assert response.status_code == 403
    assert invitations_of(seller) == []
    assert mail.outbox == []


def test_viewer_sees_the_invitations_but_no_form(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))

    body = client.get(reverse("invitations")).content.decode()

    assert "Send invitation" not in body
    assert "No invitations yet." in body


def test_admin_cannot_invite_an_owner(client, seller, make_member):
    client.force_login(make_member(seller, "admin"))

    response = send(client, role="owner")

    assert response.status_code == 400
    assert "Only an owner can invite another owner." in response.content.decode()
    assert invitations_of(seller) == []


def test_bad_address_and_existing_member_are_refused_by_field(owner_client, seller, make_member):
    member = make_member(seller, "viewer")

    bad = send(owner_client, email="not-an-address")
    existing = send(owner_client, email=member.email)

    assert bad.status_code == existing.status_code == 400
    assert "Enter a valid email address." in bad.content.decode()
    assert f"{member.email} is already a member." in existing.content.decode()
    assert invitations_of(seller) == []


def test_inviting_again_replaces_the_open_invitation(owner_client, seller):
    send(owner_client, role="viewer")
    send(owner_client, role="admin")

    first, second = invitations_of(seller)
    assert first.revoked_at is not None
    assert second.is_open
    assert second.role == "admin"


@pytest.fixture
def invitation_link(seller, owner, django_capture_on_commit_callbacks):
    actor = Membership.objects.get(user=owner, seller=seller)
    with django_capture_on_commit_callbacks(execute=True):
        invite_member(
            seller=seller,
            email="new.colleague@example.com",
            role="operator",
            actor=actor,
            base_url="http://testserver/",
        )
    return accept_link(mail.outbox[-1])


def test_accepting_creates_the_account_and_signs_it_in(client, seller, invitation_link):
    page = client.get(invitation_link)
    assert page.status_code == 200
    assert "Create your account to accept." in page.content.decode()

    response = client.post(
        invitation_link,
        {"first_name": "Mei", "last_name": "Lin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user = Membership.objects.get(seller=seller, user__email="new.colleague@example.com").user
    assert (user.username, user.first_name) == ("new.colleague@example.com", "Mei")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user, seller=seller).role == "operator"
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f"Welcome to {seller.name}. Your role: Operator." in dashboard
    [invitation] = invitations_of(seller)
    assert invitation.accepted_at is not None
    assert len(audit("invitation.accepted")) == 1


def test_weak_password_is_refused_and_nothing_is_created(client, seller, invitation_link):
    response = client.post(invitation_link, {"password1": "12345678", "password2": "12345678"})

    assert response.status_code == 400
    assert "This password is too common." in response.content.decode()
    assert not Membership.objects.filter(seller=seller, user__email="new.colleague@example.com").exists()
    assert invitations_of(seller)[0].is_open


def test_an_existing_user_signs_in_and_joins(client, seller, other_seller, invitation_link):
    user = UserFactory(username="new.colleague@example.com")
    MembershipFactory(user=user, seller=other_seller, role="owner")
    assert "You already have an account." in client.get(invitation_link).content.decode()

    client.force_login(user)
    response = client.post(invitation_link)

    assert response.status_code == 302
    assert Membership.objects.get(user=user, seller=seller).role == "operator"
    assert Membership.objects.get(user=user, seller=other_seller).role == "owner"


def test_someone_else_signed_in_cannot_take_the_invitation(client, seller, make_member, invitation_link):
    intruder = make_member(seller, "viewer")
    client.force_login(intruder)
    assert "You are signed in as someone else." in client.get(invitation_link).content.decode()

    response = client.post(invitation_link)

    assert response.status_code == 403
    assert Membership.objects.get(user=intruder, seller=seller).role == "viewer"
    assert invitations_of(seller)[0].is_open


def test_an_invitation_works_once(client, seller, invitation_link):
    client.post(invitation_link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    again = client.get(invitation_link)

    assert again.status_code == 410
    assert "This invitation has already been used." in again.content.decode()


def test_an_expired_or_withdrawn_invitation_cannot_be_accepted(client, seller, invitation_link):
    [invitation] = invitations_of(seller)
    Invitation.objects.for_seller(seller).filter(pk=invitation.pk).update(expires_at=timezone.now())

    expired = client.post(invitation_link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    Invitation.objects.for_seller(seller).filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now()
    )
    withdrawn = client.get(invitation_link)

    assert expired.status_code == withdrawn.status_code == 410
    assert "This invitation has expired." in expired.content.decode()
    assert "This invitation was withdrawn." in withdrawn.content.decode()
    assert not Membership.objects.filter(seller=seller, user__email="new.colleague@example.com").exists()


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("invitation_accept", args=["no-such-token"])).status_code == 404


def test_owner_withdraws_an_invitation(owner_client, seller, invitation_link):
    [invitation] = invitations_of(seller)

    owner_client.post(reverse("invitation_revoke", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert len(audit("invitation.revoked")) == 1
    assert "Withdrawn" in owner_client.get(reverse("invitations")).content.decode()


def test_viewer_cannot_withdraw(client, seller, make_member, invitation_link):
    [invitation] = invitations_of(seller)
    client.force_login(make_member(seller, "viewer"))

    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 403
    assert invitations_of(seller)[0].is_open


def test_another_sellers_invitation_answers_404_and_stays_open(client, other_seller, make_member, seller):
    their_owner = make_member(other_seller, "owner")
    actor = Membership.objects.get(user=their_owner, seller=other_seller)
    theirs, _token = invite_member(
        seller=other_seller, email="secret.hire@example.com", role="viewer", actor=actor, base_url="http://x/"
    )
    client.force_login(make_member(seller, "owner"))

    response = client.post(reverse("invitation_revoke", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open
    assert "secret.hire@example.com" not in client.get(reverse("invitations")).content.decode()
