"""The brand registry: applying, operators verifying or rejecting, owners authorising sellers."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from brands.engine import normalise
from brands.engine.gtin import is_valid_company_prefix
from brands.models import Brand, BrandAuthorisation, BrandEvidence, TrademarkOffice
from listings.services.compliance import sniff_document
from portal.exceptions import Conflict, InvalidInput
from portal.models import Marketplace, Seller
from portal.services.audit import record_audit_event
from portal.services.platform_scope import platform_scope

NICE_CLASSES = range(1, 46)
MAX_EVIDENCE_FILES = 10


def access_brand(*, seller: Seller, brand_id) -> Brand:
    """One brand of this seller; Http404 whether it does not exist or is another seller's."""
    brand = Brand.objects.for_seller(seller).filter(pk=brand_id).first()
    if brand is None:
        raise Http404("No such brand.")
    return brand


def _clean_application(
    *, name: str, trademark_number: str, office: str, classes: Sequence, trademark_status: str, gs1_prefixes
) -> tuple[dict, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name or len(name) > 100:
        errors["name"] = [_("Enter the brand name as registered, 1 to 100 characters.")]
    elif not normalise.key(name):
        errors["name"] = [_("The brand name needs at least one letter or digit.")]
    number = (trademark_number or "").strip()
    if not number or len(number) > 40:
        errors["trademark_number"] = [_("Enter the registration or application number, 1 to 40 characters.")]
    if office not in TrademarkOffice.values:
        errors["office"] = [
            _("Choose one of the trademark offices: %(offices)s.")
            % {"offices": ", ".join(TrademarkOffice.values)}
        ]
    try:
        class_numbers = sorted({int(c) for c in classes})
    except (TypeError, ValueError):
        class_numbers = []
        errors["classes"] = [_("Nice classes are whole numbers from 1 to 45.")]
    if not errors.get("classes") and (not class_numbers or any(c not in NICE_CLASSES for c in class_numbers)):
        errors["classes"] = [_("Give at least one Nice class; classes are whole numbers from 1 to 45.")]
    if trademark_status not in Brand.TrademarkStatus.values:
        errors["trademark_status"] = [_("Choose registered or pending.")]
    prefixes = sorted({p.strip() for p in (gs1_prefixes or []) if p and p.strip()})
    bad = [p for p in prefixes if not is_valid_company_prefix(p)]
    if bad:
        errors["gs1_prefixes"] = [
            _("A GS1 company prefix has 6 to 12 digits; these are not: %(bad)s.") % {"bad": ", ".join(bad)}
        ]
    values = {
        "name": name,
        "trademark_number": number,
        "office": office,
        "classes": class_numbers,
        "trademark_status": trademark_status,
        "gs1_prefixes": prefixes,
    }
    return values, errors


@transaction.atomic
def apply_for_brand(
    *,
    seller: Seller,
    name: str,
    trademark_number: str,
    office: str,
    classes: Sequence,
    trademark_status: str = Brand.TrademarkStatus.REGISTERED,
    gs1_prefixes: Sequence[str] = (),
    evidence: Sequence[UploadedFile] = (),
    actor=None,
) -> Brand:
    """Apply to register a brand; operators verify it. InvalidInput (nothing saved) for bad input.

    At least one evidence file (PDF or image) is needed. A brand another seller already
    owns (verified, same matching key) is refused with Conflict.
    """
    values, errors = _clean_application(
        name=name,
        trademark_number=trademark_number,
        office=office,
        classes=classes,
        trademark_status=trademark_status,
        gs1_prefixes=gs1_prefixes,
    )
    files = list(evidence)
    if not files:
        errors["evidence"] = [_("Attach the registration certificate or the filing receipt (PDF or image).")]
    elif len(files) > MAX_EVIDENCE_FILES:
        errors["evidence"] = [_("Attach at most %(n)d files.") % {"n": MAX_EVIDENCE_FILES}]
    kinds = []
    for upload in files if "evidence" not in errors else []:
        try:
            kinds.append(sniff_document(upload))
        except InvalidInput as exc:
            errors["evidence"] = [f"{upload.name}: {msg}" for msgs in exc.fields.values() for msg in msgs]
            break
    if errors:
        raise InvalidInput(fields=errors)
    match_key = normalise.key(values["name"])
    with platform_scope(reason="brand registry: is this brand already owned by another seller?", actor=actor):
        owned = Brand.objects.filter(match_key=match_key, status=Brand.Status.VERIFIED).exclude(seller=seller)
        if owned.exists():
            raise Conflict(
                _(
                    "%(name)s is already registered to another seller. "
                    "Contact support if you own the trademark."
                )
                % {"name": values["name"]}
            )
    brand = Brand.objects.for_seller(seller).create(seller=seller, match_key=match_key, **values)
    BrandEvidence.objects.for_seller(seller).bulk_create(
        [
            BrandEvidence(
                seller=seller,
                brand=brand,
                file=upload,
                description=upload.name[:200],
                content_type=kind,
                size_bytes=upload.size or 0,
            )
            for upload, kind in zip(files, kinds, strict=True)
        ]
    )
    record_audit_event(seller=seller, actor=actor, action="brands.applied", summary=brand.name, target=brand)
    return brand


@transaction.atomic
def verify_brand(*, brand: Brand, operator) -> Brand:
    """An operator verifies the application: its seller becomes the brand's one owner.

    Conflict when another seller already owns the brand (the database constraint holds
    it even when two operators verify at the same moment).
    """
    if brand.status == Brand.Status.VERIFIED:
        return brand
    with platform_scope(reason=f"operator verifies brand {brand.pk}", actor=operator):
        try:
            with transaction.atomic():
                Brand.objects.filter(pk=brand.pk).update(
                    status=Brand.Status.VERIFIED,
                    decided_at=timezone.now(),
                    decided_by=operator,
                    rejection_reason="",
                )
        except IntegrityError:
            raise Conflict(
                _("Another seller is already the verified owner of %(name)s.") % {"name": brand.name}
            )
        brand.refresh_from_db()
    record_audit_event(
        seller=brand.seller, actor=operator, action="brands.verified", summary=brand.name, target=brand
    )
    return brand


@transaction.atomic
def reject_brand(*, brand: Brand, operator, reason: str) -> Brand:
    """An operator rejects the application with a reason the seller sees."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(fields={"reason": [_("Say why the application is rejected; the seller sees it.")]})
    with platform_scope(reason=f"operator rejects brand {brand.pk}", actor=operator):
        Brand.objects.filter(pk=brand.pk).update(
            status=Brand.Status.REJECTED,
            decided_at=timezone.now(),
            decided_by=operator,
            rejection_reason=reason,
        )
        brand.refresh_from_db()
    record_audit_event(
        seller=brand.seller,
        actor=operator,
        action="brands.rejected",
        summary=f"{brand.name}: {reason}",
        target=brand,
    )
    return brand


@transaction.atomic
def authorise_seller(
    *,
    seller: Seller,
    brand: Brand,
    seller_slug: str,
    marketplace_code: str = "",
    role: str = BrandAuthorisation.Role.RESELLER,
    actor=None,
) -> BrandAuthorisation:
    """The owner lets another seller (named by its seller ID, the slug) sell the brand.

    Empty marketplace: every marketplace. InvalidInput names the field that is wrong.
    """
    errors: dict[str, list[str]] = {}
    if brand.seller_id != seller.pk:
        raise Http404("No such brand.")
    if not brand.is_verified:
        errors["brand"] = [_("Only a verified brand can authorise sellers.")]
    other = Seller.objects.filter(slug=(seller_slug or "").strip(), is_active=True).first()
    if other is None:
        errors["seller"] = [
            _("No active seller has this seller ID; ask the seller for the ID in its settings.")
        ]
    elif other.pk == seller.pk:
        errors["seller"] = [_("You own the brand; authorise other sellers.")]
    marketplace = None
    if marketplace_code:
        marketplace = Marketplace.objects.filter(code=marketplace_code.upper()).first()
        if marketplace is None:
            errors["marketplace"] = [
                _("Choose a marketplace code such as US, DE or JP, or leave it empty for all.")
            ]
    if role not in BrandAuthorisation.Role.values:
        errors["role"] = [_("Choose reseller or agency.")]
    if errors:
        raise InvalidInput(fields=errors)
    existing = BrandAuthorisation.objects.for_seller(seller).filter(
        brand=brand, authorised_seller=other, marketplace=marketplace
    )
    if existing.exists():
        raise InvalidInput(fields={"seller": [_("This seller is already authorised there.")]})
    authorisation = BrandAuthorisation.objects.for_seller(seller).create(
        seller=seller, brand=brand, authorised_seller=other, marketplace=marketplace, role=role
    )
    record_audit_event(
        seller=seller,
        actor=actor,
        action="brands.authorised",
        summary=f"{brand.name} → {other.slug} ({marketplace_code or '*'})",
        target=authorisation,
    )
    return authorisation


def revoke_authorisation(*, seller: Seller, authorisation_id, actor=None) -> None:
    authorisation = BrandAuthorisation.objects.for_seller(seller).filter(pk=authorisation_id).first()
    if authorisation is None:
        raise Http404("No such authorisation.")
    authorisation.delete()
    record_audit_event(
        seller=seller, actor=actor, action="brands.authorisation_revoked", summary=str(authorisation_id)
    )
