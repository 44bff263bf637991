"""Reads of a seller's audit log, and the names of its actions in the seller's words."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.models import AuditEvent, Seller

ACTION_LABELS = {
    "auth.signed_in": _("Signed in"),
    "auth.signed_out": _("Signed out"),
    "auth.sign_in_failed": _("Sign-in failed"),
    "member.role_changed": _("Role changed"),
    "member.removed": _("Member removed"),
    "invitation.sent": _("Invitation sent"),
    "invitation.revoked": _("Invitation withdrawn"),
    "invitation.accepted": _("Invitation accepted"),
    "api_key.created": _("API key created"),
    "api_key.revoked": _("API key revoked"),
    "seller.created": _("Seller created"),
    "seller.updated": _("Seller profile changed"),
    "platform.scope_opened": _("Platform read across sellers"),
}


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


def audit_events(*, seller: Seller, action: str | None = None) -> QuerySet[AuditEvent]:
    """The seller's audit events, newest first, optionally of one action."""
    events = AuditEvent.objects.for_seller(seller).select_related("actor", "actor_api_key")
    if action:
        events = events.filter(action=action)
    return events.order_by("-created_at", "-id")
