"""Content in the marketplace's language: listings whose text is not in a language of their
marketplace are held as needing translation, unless the seller approved the source text there.

The check runs when listings are published or synced (`listings.services.publishing`). Text is
in the wrong language when it is the product's source text in a language the marketplace does
not sell in, or when it holds Chinese characters in a marketplace that sells in neither Chinese
nor Japanese. Text whose source has bullets or a description but that has none is incomplete.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from listings.models import SourceTextApproval
from listings.services.localisation import ORIGIN_SOURCE, language_of
from portal.models import Marketplace, Seller

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NEEDS_TRANSLATION = "needs_translation"
CJK_LANGUAGES = {"zh", "ja"}


def approved_pairs(seller: Seller, product_ids, marketplace_ids) -> set[tuple[int, int]]:
    """(product id, marketplace id) pairs whose source text the seller approved (one query)."""
    return set(
        SourceTextApproval.objects.for_seller(seller)
        .filter(product_id__in=list(product_ids), marketplace_id__in=list(marketplace_ids))
        .values_list("product_id", "marketplace_id")
    )


def language_hold(*, product, marketplace: Marketplace, content, effective: dict) -> dict | None:
    """The blocked reason of a listing whose text is not in a language of its marketplace, or None."""
    languages = {language_of(locale) for locale in marketplace.locales}
    names = ", ".join(sorted(languages))
    text = " ".join([effective["title"], *effective["bullet_points"], effective["description"]])
    reason = ""
    if content is not None and content.origin == ORIGIN_SOURCE:
        source = language_of(product.source_language or "")
        if source not in languages:
            reason = _("The text is the product's own (%(source)s); %(market)s sells in %(languages)s.") % {
                "source": source,
                "market": marketplace.name,
                "languages": names,
            }
    if not reason and CJK.search(text) and not languages & CJK_LANGUAGES:
        reason = _("The text has Chinese characters; %(market)s sells in %(languages)s.") % {
            "market": marketplace.name,
            "languages": names,
        }
    if not reason and content is not None and content.origin != ORIGIN_SOURCE:
        missing = (product.bullet_points and not any(b.strip() for b in effective["bullet_points"])) or (
            (product.description or "").strip() and not effective["description"].strip()
        )
        if missing:
            reason = _("The translation has no bullet points or description where the product has them.")
    if not reason:
        return None
    return {"rule": NEEDS_TRANSLATION, "name": reason, "document_type": "", "evidence": "translation"}
