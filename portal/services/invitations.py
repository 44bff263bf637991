"""Inviting people to a seller by e-mail, with a role.

An owner or admin invites an address with a role. The invitation carries a random token,
stored only as a SHA-256 hash, and expires after `settings.INVITATION_TTL`; the e-mail with
the accept link is sent once the transaction commits. Accepting creates the account (when
no user has that address yet) or attaches the signed-in user whose address it is, and
gives them the membership. Inviting an address again replaces its open invitation.
Everything is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from portal.exceptions import Conflict, InvalidInput, PermissionDenied
from portal.models import Invitation, Membership, Role, Seller
from portal.services.audit import record_audit_event
from portal.services.members import require_manager, role_errors

TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _require_manager(actor: Membership, seller: Seller) -> None:
    require_manager(actor, seller, _("Only owners and admins invite people."))


def user_with_email(email: str):
    # Accounts are named by their address; match either, so no second account is created.
    users = get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    return users.order_by("pk").first()


@transaction.atomic
def invite_member(
    *, seller: Seller, email: str, role: str, actor: Membership, base_url: str
) -> tuple[Invitation, str]:
    """Invite `email` to the seller with `role`; return the invitation and its raw token.

    `base_url` is the site's address (`https://portal.example/`), for the link in the
    e-mail. Raises PermissionDenied (actor no owner/admin; an admin inviting an owner),
    InvalidInput (bad address or role; already a member).
    """
    _require_manager(actor, seller)
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address, for example name@company.com.")]
    if role_errors(role):
        errors["role"] = role_errors(role)
    if errors:
        raise InvalidInput(fields=errors)
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise PermissionDenied(_("Only an owner can invite another owner."))
    if Membership.objects.filter(seller=seller, user__email__iexact=email).exists():
        raise InvalidInput(fields={"email": [_("%(email)s is already a member.") % {"email": email}]})

    now = timezone.now()
    invitations = Invitation.objects.for_seller(seller)
    invitations.filter(email=email, accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = invitations.create(
        seller=seller,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor.user,
        created_at=now,
        expires_at=now + settings.INVITATION_TTL,
    )
    record_audit_event(
        seller=seller,
        actor=actor.user,
        action="invitation.sent",
        summary=f"{email} ({role})",
        target=invitation,
        data={"email": email, "role": role},
    )
    accept_url = base_url.rstrip("/") + reverse("invitation_accept", kwargs={"token": token})
    transaction.on_commit(lambda: send_invitation_email(invitation=invitation, accept_url=accept_url))
    return invitation, token


def send_invitation_email(*, invitation: Invitation, accept_url: str) -> None:
    context = {
        "seller_name": invitation.seller.name,
        "role": invitation.get_role_display(),
        "invited_by": invitation.invited_by.get_full_name() or invitation.invited_by.get_username()
        if invitation.invited_by
        else "",
        "accept_url": accept_url,
        "expires_at": invitation.expires_at,
    }
    subject = render_to_string("portal/email/invitation_subject.txt", context).strip()
    body = render_to_string("portal/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def revoke_invitation(*, seller: Seller, invitation_id: int, actor: Membership) -> Invitation:
    """Withdraw an open invitation. Another seller's invitation is not found (Http404)."""
    _require_manager(actor, seller)
    invitation = Invitation.objects.for_seller(seller).select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_audit_event(
            seller=seller,
            actor=actor.user,
            action="invitation.revoked",
            summary=invitation.email,
            target=invitation,
        )
    return invitation


@dataclass(frozen=True)
class InvitationView:
    """What the accept page may show: the invitation and whether an account exists."""

    invitation: Invitation
    account_exists: bool


def find_invitation(token: str) -> InvitationView:
    """The invitation this token proves, whatever its state; Http404 for an unknown token.

    This looks across sellers on purpose, like API-key authentication: the token itself
    names its seller, and only whoever holds the e-mailed link has it.
    """
    invitation = _by_token(token)
    return InvitationView(invitation=invitation, account_exists=user_with_email(invitation.email) is not None)


def _check_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise Conflict(_("This invitation was withdrawn. Ask for a new one."))
    if invitation.expires_at <= timezone.now():
        raise Conflict(_("This invitation has expired. Ask for a new one."))


def _by_token(token: str, *, lock: bool = False) -> Invitation:
    """The invitation of this token (locked with `lock`); Http404 when unknown or its
    seller is no longer active."""
    with scopes_disabled():
        invitations = Invitation.objects.select_related("seller", "invited_by")
        if lock:
            invitations = invitations.select_for_update(of=("self",))
        invitation = invitations.filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.seller.is_active:
        raise Http404("No such invitation.")
    return invitation


def _lock(token: str) -> Invitation:
    invitation = _by_token(token, lock=True)
    _check_open(invitation)
    return invitation


def _join(invitation: Invitation, user) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, seller=invitation.seller, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    with scopes_disabled():
        invitation.save(update_fields=["accepted_at"])
    record_audit_event(
        seller=invitation.seller,
        actor=user,
        action="invitation.accepted",
        summary=f"{user.get_username()} ({membership.role})",
        target=invitation,
        data={"user_id": user.pk, "role": membership.role, "new_member": created},
    )
    return membership


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """The signed-in `user` accepts: they join the seller with the invited role.

    The user's e-mail must be the invited address. A user who is already a member keeps
    their role. Raises Http404 (unknown token), Conflict (used, withdrawn or expired),
    PermissionDenied (signed in as someone else).
    """
    invitation = _lock(token)
    if normalise_email(user.email) != invitation.email:
        raise PermissionDenied(
            _("This invitation is for %(email)s. Sign out and sign in with that address.")
            % {"email": invitation.email}
        )
    return _join(invitation, user)


@transaction.atomic
def accept_invitation_with_new_account(
    *, token: str, password: str, first_name: str = "", last_name: str = ""
) -> Membership:
    """Accept by creating the account of the invited address with this password.

    Raises Http404, Conflict (as accept_invitation; also when the address already has an
    account: its owner signs in and accepts), InvalidInput (password too weak).
    """
    invitation = _lock(token)
    if user_with_email(invitation.email) is not None:
        raise Conflict(_("An account with this address exists already: sign in to accept the invitation."))
    user_model = get_user_model()
    user = user_model(
        username=invitation.email,
        email=invitation.email,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(fields={"password1": list(exc.messages)})
    user.set_password(password)
    user.save()
    return _join(invitation, user)
