"""Managing a seller's members: change a role, remove someone. Audited.

Only owners and admins manage members. A seller always keeps at least one owner: the last
owner can be neither removed nor demoted. An admin cannot make anyone an owner, nor change
or remove an owner: only owners hand out or take away ownership.

A member is looked up among the seller's own memberships, so another seller's membership
is "not found" (Http404 in pages), never someone to act on.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from portal.exceptions import Conflict, InvalidInput, PermissionDenied
from portal.models import Membership, Role, Seller
from portal.services.audit import record_audit_event


def require_manager(actor: Membership, seller: Seller, message: str) -> None:
    """PermissionDenied with `message` unless `actor` is an owner or admin of `seller`."""
    if actor is None or actor.seller_id != seller.pk or not actor.can_manage:
        raise PermissionDenied(message)


def role_errors(role: str) -> list[str]:
    """The error for `role` when it is no role of the portal, else nothing."""
    if role in Role.values:
        return []
    allowed = ", ".join(str(label) for label in Role.labels)
    return [_("Choose one of the roles: %(allowed)s.") % {"allowed": allowed}]


def _locked_members(seller: Seller):
    """The seller's memberships, locked in primary-key order so two changes cannot race
    each other into removing the last owner."""
    return list(
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(seller=seller)
        .order_by("pk")
    )


def _find(members: list[Membership], membership_id: int) -> Membership:
    for member in members:
        if member.pk == membership_id:
            return member
    raise Http404("No such member.")


def _owners(members: list[Membership]) -> int:
    return sum(1 for member in members if member.role == Role.OWNER)


@transaction.atomic
def change_member_role(*, seller: Seller, membership_id: int, role: str, actor: Membership) -> Membership:
    """Give one of the seller's members another role.

    Raises PermissionDenied (actor is no owner/admin, or an admin touching ownership),
    InvalidInput (unknown role), Conflict (the last owner would be demoted), Http404
    (no such member of this seller).
    """
    require_manager(actor, seller, _("Only owners and admins manage members."))
    if errors := role_errors(role):
        raise InvalidInput(fields={"role": errors})
    members = _locked_members(seller)
    member = _find(members, membership_id)
    if member.role == role:
        return member
    if actor.role != Role.OWNER and Role.OWNER in (member.role, role):
        raise PermissionDenied(_("Only an owner can make someone an owner or change an owner's role."))
    if member.role == Role.OWNER and _owners(members) == 1:
        raise Conflict(
            _("%(user)s is the last owner: make someone else an owner first.") % {"user": member.user}
        )
    old_role = member.role
    member.role = role
    member.save(update_fields=["role"])
    record_audit_event(
        seller=seller,
        actor=actor.user,
        action="member.role_changed",
        summary=f"{member.user.get_username()}: {old_role} → {role}",
        target=member,
        data={"user_id": member.user_id, "from": old_role, "to": role},
    )
    return member


@transaction.atomic
def remove_member(*, seller: Seller, membership_id: int, actor: Membership) -> Membership:
    """Take a member out of the seller (the user account stays: it may belong elsewhere).

    Raises PermissionDenied, Conflict (the last owner) or Http404, like change_member_role.
    """
    require_manager(actor, seller, _("Only owners and admins manage members."))
    members = _locked_members(seller)
    member = _find(members, membership_id)
    if member.role == Role.OWNER and actor.role != Role.OWNER:
        raise PermissionDenied(_("Only an owner can remove an owner."))
    if member.role == Role.OWNER and _owners(members) == 1:
        raise Conflict(_("%(user)s is the last owner and cannot be removed.") % {"user": member.user})
    username = member.user.get_username()
    record_audit_event(
        seller=seller,
        actor=actor.user,
        action="member.removed",
        summary=f"{username} ({member.role})",
        target=member,
        data={"user_id": member.user_id, "role": member.role},
    )
    member.delete()
    return member
