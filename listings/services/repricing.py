"""Re-deriving live listing prices when exchange rates or landed costs move.

A listing's price is re-derived only when the rate it was priced at moved by at least
the seller's threshold (PricingRule.reprice_threshold, default 1%), so small daily moves
do not make prices flicker. After a rate-card change (new landed costs from the lanes)
the same threshold applies to the price itself: a target-margin price moves only when the
new cost moves it by at least the threshold. A price the seller overrode on a listing
keeps its value.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.models import Listing, PricingRule
from listings.services.fx import RateTable, needs_reprice
from listings.services.pricing import load_rules, prices_for
from portal.jobs import register_job_kind
from portal.models import JobRun, Seller
from portal.services.jobs import start_job

logger = logging.getLogger(__name__)

PRICE_FIELDS = [
    "price",
    "price_formatted",
    "fx_rate",
    "fx_date",
    "fx_source",
    "price_stale",
    "inherited",
    "synced_at",
]
BATCH_SIZE = 2000


@transaction.atomic
def reprice_live_listings(seller: Seller, *, rates: RateTable | None = None, progress=None) -> dict:
    """Re-derive the prices of the seller's live listings whose rate moved past the threshold.

    Answers counts: `checked`, `repriced`, `below_threshold`, `overridden` (price kept),
    `problems` (no price could be derived: the old price stays). Queries: one for the
    listings, three for pricing, one bulk update per 2,000 changed listings.
    """
    summary = {"checked": 0, "repriced": 0, "below_threshold": 0, "overridden": 0, "problems": 0}
    listings = list(
        Listing.objects.for_seller(seller)
        .filter(state="live")
        .select_related("product", "marketplace")
        .order_by("pk")
    )
    summary["checked"] = len(listings)
    if not listings:
        return summary
    if progress is not None:
        progress.set_total(len(listings))
    default, overrides = load_rules(seller)
    products = {listing.product_id: listing.product for listing in listings}
    marketplaces = {listing.marketplace_id: listing.marketplace for listing in listings}
    rates = rates or RateTable.load()
    quotes = prices_for(seller, products.values(), marketplaces.values(), rates=rates)
    now = timezone.now()
    changed = []
    for listing in listings:
        if "price" in (listing.overrides or {}):
            summary["overridden"] += 1
            continue
        quote = quotes[(listing.product_id, listing.marketplace.code)]
        if quote.amount is None:
            summary["problems"] += 1
            continue
        rule = overrides.get(listing.marketplace_id, default)
        if quote.fx_rate is not None and not needs_reprice(
            listing.fx_rate, quote.fx_rate, rule.reprice_threshold
        ):
            summary["below_threshold"] += 1
            continue
        _apply_quote(listing, quote)
        changed.append(listing)
    for listing in changed:
        listing.synced_at = now
    Listing.objects.for_seller(seller).bulk_update(changed, PRICE_FIELDS, batch_size=BATCH_SIZE)
    summary["repriced"] = len(changed)
    if progress is not None:
        progress.set_done(len(listings))
    return summary


@transaction.atomic
def reprice_after_cost_change(seller: Seller, *, rates: RateTable | None = None) -> dict:
    """Re-derive the target-margin prices of live listings after their landed costs changed.

    A price moves only when the new price differs from the listed one by at least the
    rule's threshold (as a fraction of the listed price); smaller moves are ignored, like
    small rate moves. Listings under FX-plus-markup rules do not depend on landed cost and
    are left alone, as are prices the seller overrode. Answers counts like
    `reprice_live_listings`.
    """
    summary = {"checked": 0, "repriced": 0, "below_threshold": 0, "overridden": 0, "problems": 0}
    listings = list(
        Listing.objects.for_seller(seller)
        .filter(state="live")
        .select_related("product", "marketplace")
        .order_by("pk")
    )
    default, overrides = load_rules(seller)
    listings = [
        listing
        for listing in listings
        if overrides.get(listing.marketplace_id, default).method == PricingRule.Method.TARGET_MARGIN
    ]
    summary["checked"] = len(listings)
    if not listings:
        return summary
    products = {listing.product_id: listing.product for listing in listings}
    marketplaces = {listing.marketplace_id: listing.marketplace for listing in listings}
    quotes = prices_for(seller, products.values(), marketplaces.values(), rates=rates or RateTable.load())
    now = timezone.now()
    changed = []
    for listing in listings:
        if "price" in (listing.overrides or {}):
            summary["overridden"] += 1
            continue
        quote = quotes[(listing.product_id, listing.marketplace.code)]
        if quote.amount is None:
            summary["problems"] += 1
            continue
        threshold = overrides.get(listing.marketplace_id, default).reprice_threshold
        if listing.price is not None and not needs_reprice(listing.price, quote.amount, threshold):
            summary["below_threshold"] += 1
            continue
        _apply_quote(listing, quote)
        listing.synced_at = now
        changed.append(listing)
    Listing.objects.for_seller(seller).bulk_update(changed, PRICE_FIELDS, batch_size=BATCH_SIZE)
    summary["repriced"] = len(changed)
    return summary


def _apply_quote(listing: Listing, quote) -> None:
    listing.price = quote.amount
    listing.price_formatted = quote.formatted
    listing.fx_rate = quote.fx_rate
    listing.fx_date = quote.fx_date
    listing.fx_source = quote.fx_source
    listing.price_stale = quote.stale
    listing.inherited = {**(listing.inherited or {}), "price": str(quote.amount)}


def hold_small_moves(seller: Seller, quotes: dict, listings, *, products, marketplaces) -> dict:
    """The quotes for a republish, with the threshold applied to listings that exist already.

    Where a listing's rate moved less than the seller's threshold since it was priced, its
    price is derived again at the rates of the day it was priced (so a changed base price or
    cost still counts) instead of at the new rate: republishing does not make prices flicker
    any more than the reprice job does. The stale flag is the new quote's. No queries when
    no rate moved; otherwise one for the rules and three per distinct rate day.
    """
    codes = {m.pk: m.code for m in marketplaces}
    moved = []
    for listing in listings:
        key = (listing.product_id, codes.get(listing.marketplace_id))
        quote = quotes.get(key)
        if (
            quote is None
            or quote.amount is None
            or quote.fx_rate is None
            or listing.fx_rate is None
            or listing.fx_date is None
            or quote.currency != listing.currency
            or quote.fx_rate == listing.fx_rate
            or "price" in (listing.overrides or {})
        ):
            continue
        moved.append((key, listing))
    if not moved:
        return quotes
    default, overrides = load_rules(seller)
    by_day: dict = {}
    for key, listing in moved:
        threshold = overrides.get(listing.marketplace_id, default).reprice_threshold
        if not needs_reprice(listing.fx_rate, quotes[key].fx_rate, threshold):
            by_day.setdefault(listing.fx_date, []).append(key)
    if not by_day:
        return quotes
    products = {p.pk: p for p in products}
    marketplaces = {m.code: m for m in marketplaces}
    quotes = dict(quotes)
    for day, keys in by_day.items():
        earlier = prices_for(
            seller,
            {products[pk] for pk, _code in keys},
            {marketplaces[code] for _pk, code in keys},
            rates=RateTable.as_of(day),
        )
        for key in keys:
            if earlier[key].amount is not None:
                quotes[key] = replace(earlier[key], stale=quotes[key].stale)
    return quotes


def reprice_work(job, progress) -> dict:
    """The JobRun work of the reprice job (`listings.reprice`)."""
    return reprice_live_listings(job.seller, progress=progress)


REPRICE = register_job_kind(
    "listings.reprice", _("Re-derive prices after rate moves"), task="listings.pricing_tasks.reprice_listings"
)


def start_reprice(*, seller: Seller, started_by=None) -> JobRun:
    """Queue a reprice of the seller's live listings (after rates or rules moved)."""
    return start_job(seller=seller, kind=REPRICE, started_by=started_by)
