"""From case to removal: the owner confirms or dismisses, operators uphold or reject.

An upheld removal ends the accused product's offers in every marketplace in one
transaction and keeps the takedown in the register (`brands.services.takedowns`).
Members of Project Zero remove at once, without review; still appealable and audited.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import BrandCase, Takedown
from brands.services import project_zero
from listings.models import Listing, Product
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller
from portal.services.audit import record_audit_event
from portal.services.platform_scope import platform_scope


def access_case(*, seller: Seller, case_id) -> BrandCase:
    """One case of this owner; Http404 whether it does not exist or is another seller's."""
    case = BrandCase.objects.for_seller(seller).select_related("brand").filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case.")
    return case


def _lock(seller: Seller, case: BrandCase) -> BrandCase:
    return BrandCase.objects.for_seller(seller).select_for_update().select_related("brand").get(pk=case.pk)


@transaction.atomic
def dismiss_case(*, seller: Seller, case: BrandCase, reason: str = "", actor=None) -> BrandCase:
    """Not an infringement: the case is closed and the same product is not flagged again."""
    case = _lock(seller, case)
    if case.status != BrandCase.Status.OPEN:
        raise Conflict(
            _("Only a case under review can be dismissed; this one is %(s)s.")
            % {"s": case.get_status_display()}
        )
    case.status = BrandCase.Status.DISMISSED
    case.decision_reason = (reason or "").strip()[:2000]
    case.decided_at = timezone.now()
    case.save(update_fields=["status", "decision_reason", "decided_at"])
    record_audit_event(
        seller=seller, actor=actor, action="brands.case_dismissed", summary=str(case), target=case
    )
    return case


@transaction.atomic
def confirm_case(*, seller: Seller, case: BrandCase, actor=None) -> BrandCase:
    """The owner confirms the infringement: a removal request, or a removal at once for
    members of Project Zero. The accused seller is notified on its product either way."""
    case = _lock(seller, case)
    if case.status != BrandCase.Status.OPEN:
        raise Conflict(
            _("Only a case under review can be confirmed; this one is %(s)s.")
            % {"s": case.get_status_display()}
        )
    if case.product_id is None:
        raise Conflict(_("The product of this case no longer exists."))
    now = timezone.now()
    case.status = BrandCase.Status.REQUESTED
    case.confirmed_at = now
    case.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    case.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    with platform_scope(reason=f"removal request of case {case.pk}: notify the accused seller", actor=actor):
        gtin = Product.objects.filter(pk=case.product_id).values_list("gtin", flat=True).first() or ""
        Takedown.objects.create(
            seller_id=case.accused_seller_id,
            case=case,
            product_id=case.product_id,
            gtin=gtin,
            brand_name=case.brand.name,
            rule=case.rule,
            matched_text=case.evidence.get("matched", "")[:500],
            marketplaces=case.marketplaces,
            notified_at=now,
        )
        _notice_on_listings(case)
    record_audit_event(
        seller=seller, actor=actor, action="brands.removal_requested", summary=str(case), target=case
    )
    if project_zero.is_member(seller=seller):
        return _remove(
            case, reason=_("Removed by the brand owner (Project Zero)."), self_service=True, actor=actor
        )
    return case


def _notice_on_listings(case: BrandCase) -> None:
    """The accused seller sees the notice on the product's listings (their problems), with
    the brand and where to appeal, and nothing of the owner."""
    message = _("Brand infringement notice (%(brand)s): see Brand protection → Notices to appeal.") % {
        "brand": case.brand.name
    }
    listings = list(Listing.objects.filter(seller_id=case.accused_seller_id, product_id=case.product_id))
    for listing in listings:
        if message not in listing.problems:
            listing.problems = [*listing.problems, message]
    Listing.objects.bulk_update(listings, ["problems"], batch_size=1000)


def _remove(case: BrandCase, *, reason: str, self_service: bool, actor=None) -> BrandCase:
    """End every offer of the accused product, in every marketplace, and record the takedown.

    Runs inside the caller's transaction: the case, the takedown and all the listings
    change together or not at all.
    """
    now = timezone.now()
    with platform_scope(reason=f"removal of case {case.pk}: end the accused product's offers", actor=actor):
        takedown = Takedown.objects.select_for_update().get(case=case)
        ended = (
            Listing.objects.filter(seller_id=case.accused_seller_id, product_id=case.product_id)
            .exclude(state=Listing.State.ENDED)
            .update(state=Listing.State.ENDED, synced_at=now)
        )
        Takedown.objects.filter(pk=takedown.pk).update(
            status=Takedown.Status.REMOVED, removed_at=now, listings_ended=ended
        )
        BrandCase.objects.filter(pk=case.pk).update(
            status=BrandCase.Status.REMOVED, decided_at=now, decision_reason=reason, self_service=self_service
        )
    case.refresh_from_db()
    accused = Seller.objects.get(pk=case.accused_seller_id)
    record_audit_event(
        seller=case.seller,
        actor=actor,
        action="brands.removal_upheld",
        summary=f"{case} ({'self-service' if self_service else 'operator'}): {ended} offers ended",
        target=case,
    )
    record_audit_event(
        seller=accused,
        actor=actor,
        action="brands.listing_removed",
        summary=f"{case.brand.name}: {ended} offers ended",
        target=takedown,
    )
    project_zero.review_membership(seller=case.seller)
    return case


@transaction.atomic
def uphold_removal(*, case: BrandCase, operator, reason: str = "") -> BrandCase:
    """An operator upholds the removal request (the operators' queue in the admin)."""
    with platform_scope(reason=f"operator decides removal request {case.pk}", actor=operator):
        case = BrandCase.objects.select_for_update().select_related("brand", "seller").get(pk=case.pk)
    if case.status != BrandCase.Status.REQUESTED:
        raise Conflict(
            _("Only a requested removal can be upheld; this case is %(s)s.")
            % {"s": case.get_status_display()}
        )
    return _remove(
        case,
        reason=(reason or "").strip() or _("Upheld by the platform."),
        self_service=False,
        actor=operator,
    )


@transaction.atomic
def reject_removal(*, case: BrandCase, operator, reason: str) -> BrandCase:
    """An operator rejects the removal request; it counts against the owner's accuracy."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            fields={"reason": [_("Say why the removal is rejected; the brand owner sees it.")]}
        )
    with platform_scope(reason=f"operator rejects removal request {case.pk}", actor=operator):
        case = BrandCase.objects.select_for_update().select_related("brand", "seller").get(pk=case.pk)
        if case.status != BrandCase.Status.REQUESTED:
            raise Conflict(
                _("Only a requested removal can be rejected; this case is %(s)s.")
                % {"s": case.get_status_display()}
            )
        now = timezone.now()
        BrandCase.objects.filter(pk=case.pk).update(
            status=BrandCase.Status.REJECTED, decided_at=now, decision_reason=reason
        )
        Takedown.objects.filter(case=case).update(status=Takedown.Status.REJECTED)
        case.refresh_from_db()
    record_audit_event(
        seller=case.seller, actor=operator, action="brands.removal_rejected", summary=reason, target=case
    )
    project_zero.review_membership(seller=case.seller)
    return case
