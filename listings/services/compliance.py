"""Compliance: which marketplace rules a product meets, its documents, their expiry.

`unmet_requirements` is what publishing asks: for each (product, marketplace) the rules
that apply and are not met by a valid document. Rules are operator data
(`ComplianceRule`); documents are the seller's (`ComplianceDocument`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import ComplianceDocument, ComplianceRule, DocumentType, Product
from listings.services.catalogue import sniff_image
from portal.exceptions import InvalidInput
from portal.models import Marketplace, Seller
from portal.services.platform_scope import platform_scope

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class UnmetRule:
    rule: str
    name: str
    document_type: str
    evidence: str

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "document_type": self.document_type,
            "evidence": self.evidence,
        }


def active_rules() -> list[tuple[ComplianceRule, frozenset[str]]]:
    """Every active rule with the codes of its marketplaces (two queries)."""
    rules = ComplianceRule.objects.filter(is_active=True).prefetch_related("marketplaces").order_by("code")
    return [(rule, frozenset(m.code for m in rule.marketplaces.all())) for rule in rules]


def unmet_requirements(
    *,
    seller: Seller,
    products: Iterable[Product],
    marketplaces: Iterable[Marketplace],
    today: datetime.date | None = None,
) -> dict[tuple[int, str], list[UnmetRule]]:
    """The rules each (product id, marketplace code) does not meet; pairs that meet all are absent.

    A rule is met by a document of its type for the product, not expired on `today`,
    that carries the rule's evidence (a file, or a reference number). Three queries
    whatever the number of products and marketplaces.
    """
    today = today or timezone.localdate()
    products = list(products)
    codes = {m.code for m in marketplaces}
    rules = [(rule, markets & codes) for rule, markets in active_rules()]
    rules = [(rule, markets) for rule, markets in rules if markets]
    if not rules or not products:
        return {}
    evidence: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    documents = (
        ComplianceDocument.objects.for_seller(seller)
        .filter(product_id__in=[p.pk for p in products])
        .values_list("product_id", "document_type", "file", "reference", "expires_on")
    )
    for product_id, doc_type, file, reference, expires_on in documents:
        if expires_on is not None and expires_on < today:
            continue
        if file:
            evidence[product_id][doc_type].add(ComplianceRule.Evidence.FILE)
        if reference:
            evidence[product_id][doc_type].add(ComplianceRule.Evidence.REFERENCE)
    unmet: dict[tuple[int, str], list[UnmetRule]] = {}
    for product in products:
        held = evidence.get(product.pk, {})
        for rule, markets in rules:
            if rule.evidence in held.get(rule.document_type, ()):
                continue
            if not rule.applies_to(category=product.category, attributes=product.attributes or {}):
                continue
            missing = UnmetRule(rule.code, rule.name, rule.document_type, rule.evidence)
            for code in markets:
                unmet.setdefault((product.pk, code), []).append(missing)
    return unmet


def requirements_for(*, product: Product) -> list[dict]:
    """The rules that apply to one product, per rule with its marketplaces, for the product page."""
    rows = []
    for rule, markets in active_rules():
        if markets and rule.applies_to(category=product.category, attributes=product.attributes or {}):
            rows.append({"rule": rule, "marketplaces": sorted(markets)})
    return rows


def sniff_document(upload: UploadedFile) -> str:
    """The content type of a compliance document, read from its bytes: PDF or an image.

    Raises InvalidInput naming the field when the file is too big or neither.
    """
    limit = settings.COMPLIANCE_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise InvalidInput(
            fields={
                "file": [
                    _("The file is %(size)d KB; documents may be at most %(limit)d KB.")
                    % {"size": upload.size // 1024, "limit": limit // 1024}
                ]
            }
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return "application/pdf"
    try:
        return sniff_image(upload)
    except InvalidInput:
        raise InvalidInput(
            fields={"file": [_("Upload a PDF or an image (JPEG, PNG, WebP); this file is neither.")]}
        ) from None


@transaction.atomic
def add_compliance_document(
    *,
    seller: Seller,
    product: Product,
    document_type: str,
    file: UploadedFile | None = None,
    reference: str = "",
    expires_on: datetime.date | None = None,
) -> ComplianceDocument:
    """Store a document for a product. The listings it unblocks change on the next sync.

    Raises InvalidInput (nothing stored) for an unknown type, neither file nor reference,
    a file that is not a PDF or an image, or one too big.
    """
    errors: dict[str, list[str]] = {}
    if document_type not in DocumentType.values:
        errors["document_type"] = [
            _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(DocumentType.values)}
        ]
    reference = (reference or "").strip()
    if file is None and not reference:
        errors["file"] = [_("Upload the document, or enter its reference or registration number.")]
    if errors:
        raise InvalidInput(fields=errors)
    document = ComplianceDocument(
        seller=seller,
        product=product,
        document_type=document_type,
        reference=reference,
        expires_on=expires_on,
    )
    if file is not None:
        document.content_type = sniff_document(file)
        document.size_bytes = file.size
        document.file.save(file.name, file, save=False)
    document.save()
    return document


def expiring_documents(*, seller: Seller, within_days: int | None = None, today=None):
    """The seller's documents that expire within the window (or have expired), soonest first."""
    today = today or timezone.localdate()
    within = within_days if within_days is not None else settings.COMPLIANCE_EXPIRY_WARNING_DAYS
    return (
        ComplianceDocument.objects.for_seller(seller)
        .filter(expires_on__isnull=False, expires_on__lte=today + datetime.timedelta(days=within))
        .select_related("product")
        .order_by("expires_on", "pk")
    )


def flag_expiring_documents(*, today: datetime.date | None = None, within_days: int | None = None) -> int:
    """The daily sweep: flag every seller's documents expiring within the window; returns how many.

    A document is flagged once (`expiry_flagged_at`); the compliance page lists flagged
    ones. It reads across sellers, so it opens the audited platform scope.
    """
    today = today or timezone.localdate()
    within = within_days if within_days is not None else settings.COMPLIANCE_EXPIRY_WARNING_DAYS
    with platform_scope(reason="Daily sweep of compliance documents about to expire"):
        return ComplianceDocument.objects.filter(
            expires_on__isnull=False,
            expires_on__lte=today + datetime.timedelta(days=within),
            expiry_flagged_at__isnull=True,
        ).update(expiry_flagged_at=timezone.now())
