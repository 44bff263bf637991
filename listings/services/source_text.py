"""The seller's choice to sell with the source text in a marketplace that holds it for translation."""

from __future__ import annotations

from django.db import transaction

from listings.models import Listing, SourceTextApproval
from listings.services.publishing import publish_products
from portal.models import Seller


@transaction.atomic
def approve_source_text(*, seller: Seller, listing: Listing, user=None) -> Listing:
    """Approve the product's source text for the listing's marketplace and sync the listing at once."""
    SourceTextApproval.objects.for_seller(seller).get_or_create(
        seller=seller,
        product_id=listing.product_id,
        marketplace_id=listing.marketplace_id,
        defaults={"approved_by": user},
    )
    publish_products(seller=seller, products=[listing.product], marketplaces=[listing.marketplace])
    return Listing.objects.for_seller(seller).select_related("product", "marketplace").get(pk=listing.pk)
