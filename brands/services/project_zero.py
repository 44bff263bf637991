"""Project Zero: owners whose reports are accurate remove infringements without review.

- Joining needs at least JOIN_MIN_DECIDED decided removal requests, of which at least
  JOIN_ACCURACY were upheld (over the last ROLLING_WINDOW decided ones).
- A member's rolling accuracy (the last ROLLING_WINDOW decided requests, self-service
  removals included) is checked after every decision; a removal the accused won back on
  appeal counts against it. Below KEEP_ACCURACY the member loses self-service at once and
  is told why; it can rejoin once its rolling accuracy is back at KEEP_ACCURACY.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import BrandCase, ProjectZeroMembership
from portal.exceptions import Conflict
from portal.models import Seller
from portal.services.audit import record_audit_event

JOIN_MIN_DECIDED = 20
JOIN_ACCURACY = Decimal("0.90")
KEEP_ACCURACY = Decimal("0.99")
ROLLING_WINDOW = 50


@dataclass(frozen=True)
class Accuracy:
    decided: int
    upheld: int

    @property
    def ratio(self) -> Decimal | None:
        if not self.decided:
            return None
        return (Decimal(self.upheld) / Decimal(self.decided)).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> str:
        return "—" if self.ratio is None else f"{self.ratio * 100:.1f}%"


def accuracy(*, seller: Seller, window: int = ROLLING_WINDOW) -> Accuracy:
    """Upheld share of the owner's last `window` decided removal requests (one query)."""
    statuses = list(
        BrandCase.objects.for_seller(seller)
        .filter(status__in=BrandCase.DECIDED)
        .order_by("-decided_at", "-id")
        .values_list("status", flat=True)[:window]
    )
    return Accuracy(decided=len(statuses), upheld=sum(1 for s in statuses if s == BrandCase.Status.REMOVED))


def membership_of(*, seller: Seller) -> ProjectZeroMembership | None:
    return ProjectZeroMembership.objects.for_seller(seller).first()


def is_member(*, seller: Seller) -> bool:
    return (
        ProjectZeroMembership.objects.for_seller(seller)
        .filter(status=ProjectZeroMembership.Status.MEMBER)
        .exists()
    )


def can_join(*, seller: Seller) -> tuple[bool, str]:
    """Whether the owner may join (or rejoin) now, and if not, why, in the owner's words."""
    current = accuracy(seller=seller)
    membership = membership_of(seller=seller)
    if membership is not None and membership.status == ProjectZeroMembership.Status.MEMBER:
        return False, _("You are a member.")
    if current.decided < JOIN_MIN_DECIDED:
        return False, _("Project Zero needs at least %(n)d decided removal requests; you have %(d)d.") % {
            "n": JOIN_MIN_DECIDED,
            "d": current.decided,
        }
    needed = KEEP_ACCURACY if membership is not None else JOIN_ACCURACY
    if current.ratio < needed:
        return False, _("Your accuracy is %(acc)s; %(needed)s of your decided requests must be upheld.") % {
            "acc": current.percent,
            "needed": f"{needed * 100:.0f}%",
        }
    return True, ""


@transaction.atomic
def join_project_zero(*, seller: Seller, actor=None) -> ProjectZeroMembership:
    """Join (or rejoin after a suspension); Conflict with the reason when not allowed."""
    allowed, why = can_join(seller=seller)
    if not allowed:
        raise Conflict(why)
    current = accuracy(seller=seller)
    membership, _created = ProjectZeroMembership.objects.for_seller(seller).update_or_create(
        seller=seller,
        defaults={
            "status": ProjectZeroMembership.Status.MEMBER,
            "joined_at": timezone.now(),
            "suspended_at": None,
            "suspension_reason": "",
        },
    )
    record_audit_event(
        seller=seller,
        actor=actor,
        action="brands.project_zero_joined",
        summary=f"accuracy {current.percent} over {current.decided} decided requests",
        target=membership,
    )
    return membership


def review_membership(*, seller: Seller) -> ProjectZeroMembership | None:
    """After a decision: suspend a member whose rolling accuracy fell below KEEP_ACCURACY."""
    membership = membership_of(seller=seller)
    if membership is None or membership.status != ProjectZeroMembership.Status.MEMBER:
        return membership
    current = accuracy(seller=seller)
    if current.ratio is None or current.ratio >= KEEP_ACCURACY:
        return membership
    reason = _(
        "Your accuracy over your last %(d)d decided removal requests is %(acc)s, below the %(keep)s "
        "Project Zero requires: %(lost)d were rejected or reversed on appeal. Your removal requests go to "
        "review again; you can rejoin once your accuracy is back at %(keep)s."
    ) % {
        "d": current.decided,
        "acc": current.percent,
        "keep": f"{KEEP_ACCURACY * 100:.0f}%",
        "lost": current.decided - current.upheld,
    }
    ProjectZeroMembership.objects.for_seller(seller).filter(pk=membership.pk).update(
        status=ProjectZeroMembership.Status.SUSPENDED, suspended_at=timezone.now(), suspension_reason=reason
    )
    membership.refresh_from_db()
    record_audit_event(
        seller=seller, action="brands.project_zero_suspended", summary=reason[:300], target=membership
    )
    return membership
