"""Reads of memberships: which sellers a user belongs to, and who belongs to a seller."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.models import Membership, Seller


def memberships_of_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, seller__is_active=True).select_related("seller")


def choose_membership(memberships: list[Membership], seller_id: int | None) -> Membership | None:
    """From the user's memberships (oldest first), the chosen seller's if still theirs, else the first.

    The middleware reads all of a user's memberships in one query (a user has a handful)
    and chooses here, so the seller switcher on every page needs no second query.
    """
    if seller_id is not None:
        for membership in memberships:
            if membership.seller_id == seller_id:
                return membership
    return memberships[0] if memberships else None


def members_of_seller(*, seller: Seller) -> QuerySet[Membership]:
    return Membership.objects.filter(seller=seller).select_related("user").order_by("user__email")
