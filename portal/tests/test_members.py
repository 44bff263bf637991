"""The members page: who may change roles or remove people, and the last-owner rule."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from portal.models import AuditEvent, Membership
from portal.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def membership(user, seller):
    return Membership.objects.get(user=user, seller=seller)


def roles(seller):
    return dict(Membership.objects.filter(seller=seller).values_list("user__username", "role"))


def audit(action):
    with scopes_disabled():
        return list(AuditEvent.objects.filter(action=action))


@pytest.fixture
def team(seller, make_member):
    """owner, admin, operator and viewer of seller A."""
    return {role: make_member(seller, role) for role in ("owner", "admin", "operator", "viewer")}


def signed_in(client, user):
    client.force_login(user)
    return client


def test_every_member_sees_the_list_with_roles(client, seller, team):
    body = signed_in(client, team["viewer"]).get(reverse("members")).content.decode()

    for user in team.values():
        assert user.email in body
    assert "Change role" not in body
    assert "Remove" not in body


def test_owner_changes_a_role_and_it_is_audited(client, seller, team):
    target = membership(team["viewer"], seller)

    response = signed_in(client, team["owner"]).post(
        reverse("member_role", args=[target.pk]), {"role": "operator"}
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == "operator"
    [event] = audit("member.role_changed")
    assert event.seller_id == seller.pk
    assert event.actor_id == team["owner"].pk
    assert event.data == {"user_id": team["viewer"].pk, "from": "viewer", "to": "operator"}
    assert f"{team['viewer'].username} is now Operator." in client.get(reverse("members")).content.decode()


def test_admin_manages_non_owners(client, seller, team):
    client = signed_in(client, team["admin"])
    operator = membership(team["operator"], seller)

    client.post(reverse("member_role", args=[operator.pk]), {"role": "viewer"})
    client.post(reverse("member_remove", args=[membership(team["viewer"], seller).pk]))

    assert roles(seller) == {
        team["owner"].username: "owner",
        team["admin"].username: "admin",
        team["operator"].username: "viewer",
    }
    assert len(audit("member.removed")) == 1


@pytest.mark.parametrize("role", ["operator", "viewer"])
def test_operators_and_viewers_change_nothing(client, seller, team, role):
    before = roles(seller)
    client = signed_in(client, team[role])
    target = membership(team["admin"], seller)

    changed = client.post(reverse("member_role", args=[target.pk]), {"role": "viewer"})
    removed = client.post(reverse("member_remove", args=[target.pk]))

    assert changed.status_code == 403
    assert removed.status_code == 403
    assert roles(seller) == before
    assert audit("member.role_changed") == audit("member.removed") == []


def test_admin_cannot_touch_ownership(client, seller, team):
    client = signed_in(client, team["admin"])
    before = roles(seller)

    client.post(reverse("member_role", args=[membership(team["viewer"], seller).pk]), {"role": "owner"})
    client.post(reverse("member_role", args=[membership(team["owner"], seller).pk]), {"role": "viewer"})
    client.post(reverse("member_remove", args=[membership(team["owner"], seller).pk]))

    assert roles(seller) == before
    body = client.get(reverse("members")).content.decode()
    assert "Only an owner can make someone an owner" in body
    assert "Only an owner can remove an owner." in body


def test_the_last_owner_can_be_neither_demoted_nor_removed(client, seller, team):
    client = signed_in(client, team["owner"])
    own = membership(team["owner"], seller)

    client.post(reverse("member_role", args=[own.pk]), {"role": "admin"})
    client.post(reverse("member_remove", args=[own.pk]))

    own.refresh_from_db()
    assert own.role == "owner"
    body = client.get(reverse("members")).content.decode()
    assert "is the last owner: make someone else an owner first." in body
    assert "is the last owner and cannot be removed." in body


def test_with_a_second_owner_the_first_may_step_down(client, seller, team):
    client = signed_in(client, team["owner"])
    client.post(reverse("member_role", args=[membership(team["admin"], seller).pk]), {"role": "owner"})

    client.post(reverse("member_role", args=[membership(team["owner"], seller).pk]), {"role": "admin"})

    assert roles(seller)[team["owner"].username] == "admin"
    assert roles(seller)[team["admin"].username] == "owner"


def test_unknown_role_is_refused_with_the_allowed_ones(client, seller, team):
    client = signed_in(client, team["owner"])
    target = membership(team["viewer"], seller)

    client.post(reverse("member_role", args=[target.pk]), {"role": "emperor"})

    target.refresh_from_db()
    assert target.role == "viewer"
    assert (
        "Choose one of the roles: Owner, Admin, Operator, Viewer."
        in client.get(reverse("members")).content.decode()
    )


def test_another_sellers_member_answers_404_and_stays(client, seller, other_seller, team):
    theirs = MembershipFactory(seller=other_seller, role="viewer")
    client = signed_in(client, team["owner"])

    changed = client.post(reverse("member_role", args=[theirs.pk]), {"role": "admin"})
    removed = client.post(reverse("member_remove", args=[theirs.pk]))

    assert changed.status_code == removed.status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == "viewer"
    assert theirs.user.email not in client.get(reverse("members")).content.decode()


def test_members_page_query_count_does_not_grow_with_members(client, seller, team, django_assert_num_queries):
    for _ in range(10):
        MembershipFactory(seller=seller, role="viewer")
    client = signed_in(client, team["owner"])
    # session, user, memberships of the user, members with their users
    with django_assert_num_queries(4):
        response = client.get(reverse("members"))
    assert response.status_code == 200
