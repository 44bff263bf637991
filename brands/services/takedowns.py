"""The accused seller's side: notices, appeals, and the register that blocks relisting."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.models import Appeal, BrandCase, Takedown
from brands.services import project_zero
from listings.models import Listing, Product
from listings.services.compliance import sniff_document
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller
from portal.services.audit import record_audit_event
from portal.services.platform_scope import platform_scope

STATEMENT_MAX = 5000
TAKEDOWN_BLOCK = "brand_takedown"


def access_takedown(*, seller: Seller, takedown_id) -> Takedown:
    takedown = Takedown.objects.for_seller(seller).filter(pk=takedown_id).first()
    if takedown is None:
        raise Http404("No such notice.")
    return takedown


@transaction.atomic
def file_appeal(
    *, seller: Seller, takedown: Takedown, statement: str, evidence: UploadedFile | None = None, actor=None
) -> Appeal:
    """The accused seller appeals, with a statement and optionally a document (PDF or image)."""
    takedown = Takedown.objects.for_seller(seller).select_for_update().get(pk=takedown.pk)
    statement = (statement or "").strip()
    errors: dict[str, list[str]] = {}
    if not statement or len(statement) > STATEMENT_MAX:
        errors["statement"] = [
            _("Explain why the listing does not infringe, 1 to %(n)d characters.") % {"n": STATEMENT_MAX}
        ]
    if evidence is not None:
        try:
            sniff_document(evidence)
        except InvalidInput as exc:
            errors["evidence"] = [msg for msgs in exc.fields.values() for msg in msgs]
    if errors:
        raise InvalidInput(fields=errors)
    if takedown.status not in (Takedown.Status.NOTICE, Takedown.Status.REMOVED):
        raise Conflict(_("This notice is closed: there is nothing to appeal."))
    if Appeal.objects.for_seller(seller).filter(takedown=takedown, status=Appeal.Status.OPEN).exists():
        raise Conflict(_("An appeal of this notice is already under review."))
    appeal = Appeal.objects.for_seller(seller).create(
        seller=seller,
        takedown=takedown,
        statement=statement,
        evidence=evidence or "",
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_audit_event(
        seller=seller, actor=actor, action="brands.appeal_filed", summary=str(takedown), target=appeal
    )
    return appeal


@transaction.atomic
def decide_appeal(*, appeal: Appeal, won: bool, operator, reason: str) -> Appeal:
    """An operator decides an appeal. Won: the product may be listed again and the owner's
    removal counts against its accuracy. Lost: the takedown stays in the register."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Say why; the seller sees it.")]})
    with platform_scope(reason=f"operator decides appeal {appeal.pk}", actor=operator):
        appeal = (
            Appeal.objects.select_for_update().select_related("takedown", "takedown__case").get(pk=appeal.pk)
        )
        if appeal.status != Appeal.Status.OPEN:
            raise Conflict(_("This appeal is already decided."))
        now = timezone.now()
        Appeal.objects.filter(pk=appeal.pk).update(
            status=Appeal.Status.WON if won else Appeal.Status.LOST, decided_at=now, decision_reason=reason
        )
        case = appeal.takedown.case
        if won:
            Takedown.objects.filter(pk=appeal.takedown_id).update(status=Takedown.Status.REINSTATED)
            new_status = (
                BrandCase.Status.REINSTATED
                if case.status == BrandCase.Status.REMOVED
                else BrandCase.Status.REJECTED
            )
            BrandCase.objects.filter(pk=case.pk).update(
                status=new_status,
                decided_at=now,
                decision_reason=_("The accused seller won its appeal: %(r)s") % {"r": reason},
            )
        appeal.refresh_from_db()
        owner = Seller.objects.get(pk=case.seller_id)
    record_audit_event(
        seller=appeal.seller,
        actor=operator,
        action="brands.appeal_won" if won else "brands.appeal_lost",
        summary=reason,
        target=appeal,
    )
    if won:
        record_audit_event(
            seller=owner, actor=operator, action="brands.removal_reversed", summary=reason, target=case
        )
        project_zero.review_membership(seller=owner)
    return appeal


def blocked_product_ids(*, seller: Seller, product_ids: Iterable[int]) -> set[int]:
    """The products of this seller that the takedown register keeps off the marketplaces:
    a removed product, or another product of the seller with the same GTIN. One query
    when the seller has no removal (the common case), two otherwise."""
    ids = set(product_ids)
    removed = list(
        Takedown.objects.for_seller(seller)
        .filter(status=Takedown.Status.REMOVED)
        .values_list("product_id", "gtin")
    )
    if not removed or not ids:
        return set()
    taken = {product_id for product_id, _ in removed if product_id}
    gtins = {gtin for _, gtin in removed if gtin}
    query = Q(pk__in=taken) | Q(gtin__in=gtins)
    return set(Product.objects.for_seller(seller).filter(query, pk__in=ids).values_list("pk", flat=True))


def enforce_takedowns(*, seller: Seller, product_ids: Iterable[int]) -> int:
    """Keep removed products off the marketplaces after a publish: their offers are blocked
    with the reason, whatever publishing decided. Returns the offers blocked."""
    blocked = blocked_product_ids(seller=seller, product_ids=product_ids)
    if not blocked:
        return 0
    reason = {
        "rule": TAKEDOWN_BLOCK,
        "name": _("Removed for a brand infringement"),
        "document_type": "",
        "evidence": _("Listing it again needs a won appeal (Brand protection → Notices)."),
    }
    listings = list(
        Listing.objects.for_seller(seller)
        .filter(product_id__in=blocked)
        .exclude(state__in=[Listing.State.ENDED, Listing.State.BLOCKED])
    )
    for listing in listings:
        listing.state = Listing.State.BLOCKED
        listing.blocked_reasons = [*listing.blocked_reasons, reason]
    Listing.objects.for_seller(seller).bulk_update(listings, ["state", "blocked_reasons"], batch_size=1000)
    return len(listings)
