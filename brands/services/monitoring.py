"""Brand monitoring: every live listing of every seller compared with the verified brands.

The one place of the product that reads across sellers, through the audited escape hatch
`platform_scope(reason=...)`. What it keeps of another seller is what a shopper sees: the
listing's text, its marketplace and the store name. The work is the matching engine's
(`brands.engine.matching`); this module reads in bulk, calls it and writes cases in bulk.

Runs nightly over the whole catalogue and, on publish, over the products just published.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from brands.engine.matching import ALL_MARKETPLACES, BrandSpec, ListingText, Match, build_index, scan
from brands.engine.vocabulary import common_words
from brands.models import Brand, BrandAuthorisation, BrandCase, MonitoringRun
from listings.models import BrandStore, Listing
from portal.models import Seller
from portal.services.platform_scope import platform_scope

logger = logging.getLogger(__name__)

READ_CHUNK = 5000
EVIDENCE_CONTEXT = 200


def brand_specs() -> list[BrandSpec]:
    """Every verified brand with its owner, authorisations and GS1 prefixes (two queries).

    Call inside platform_scope: authorisations are the owners' rows.
    """
    brands = list(Brand.objects.filter(status=Brand.Status.VERIFIED).order_by("pk"))
    authorised: dict[int, set[tuple[int, str]]] = {b.pk: set() for b in brands}
    for brand_id, seller_id, code in BrandAuthorisation.objects.filter(
        brand__in=[b.pk for b in brands]
    ).values_list("brand_id", "authorised_seller_id", "marketplace__code"):
        authorised[brand_id].add((seller_id, code or ALL_MARKETPLACES))
    return [
        BrandSpec(
            id=b.pk,
            name=b.name,
            owner_id=b.seller_id,
            authorised=frozenset(authorised[b.pk]),
            gs1_prefixes=tuple(b.gs1_prefixes),
        )
        for b in brands
    ]


LISTING_COLUMNS = (
    "pk",
    "seller_id",
    "product_id",
    "marketplace__code",
    "locale",
    "marketplace_sku",
    "title",
    "bullet_points",
    "product__brand",
    "product__title",
    "product__bullet_points",
    "product__source_language",
    "product__gtin",
)


@dataclass
class _Row:
    seller_id: int
    product_id: int
    marketplace: str
    locale: str
    marketplace_sku: str


def _same_language(source_language: str, locale: str) -> bool:
    return source_language.split("-")[0].lower() == locale.split("_")[0].lower()


def listing_texts(queryset) -> Iterator[tuple[ListingText, _Row]]:
    """Each live listing's texts in its locale, and the product's own (source-language) texts."""
    for (
        pk,
        seller_id,
        product_id,
        code,
        locale,
        sku,
        title,
        bullets,
        brand,
        product_title,
        product_bullets,
        source_language,
        gtin,
    ) in queryset.values_list(*LISTING_COLUMNS).iterator(chunk_size=READ_CHUNK):
        fields = [("title", title), ("brand", brand)]
        fields += [(f"bullet_points.{i}", b) for i, b in enumerate(bullets or []) if isinstance(b, str)]
        # The product's own texts when they are in another language than the listing's
        # (a Chinese source behind an English offer); in the same language the listing
        # inherited them, and scanning them twice would find nothing new.
        if not _same_language(source_language, locale):
            fields.append((f"title.{source_language}", product_title))
            fields += [
                (f"bullet_points.{i}.{source_language}", b)
                for i, b in enumerate(product_bullets or [])
                if isinstance(b, str)
            ]
        yield (
            ListingText(
                id=pk,
                seller_id=seller_id,
                marketplace=code,
                fields=tuple((name, text) for name, text in fields if text),
                gtin=gtin or "",
            ),
            _Row(seller_id, product_id, code, locale, sku),
        )


@dataclass
class _Suspect:
    brand_id: int
    product_id: int
    seller_id: int
    match: Match
    row: _Row
    marketplaces: set[str] = field(default_factory=set)


def find_suspects(specs: list[BrandSpec], queryset) -> tuple[int, int, dict[tuple[int, int], _Suspect]]:
    """(listings scanned, matches, best match per (brand, product)) over the queryset's listings."""
    index = build_index(specs, common_words=common_words())
    rows: dict[int, _Row] = {}
    scanned = 0

    def texts() -> Iterator[ListingText]:
        # `scan` yields a listing's matches before it asks for the next listing, so only
        # the row of the listing being scanned is kept.
        nonlocal scanned
        for text, row in listing_texts(queryset):
            scanned += 1
            rows.clear()
            rows[text.id] = row
            yield text

    suspects: dict[tuple[int, int], _Suspect] = {}
    matches = 0
    for match in scan(index, texts()):
        matches += 1
        row = rows[match.listing_id]
        key = (match.brand_id, row.product_id)
        suspect = suspects.get(key)
        if suspect is None:
            suspect = suspects[key] = _Suspect(match.brand_id, row.product_id, row.seller_id, match, row)
        elif match.score > suspect.match.score:
            suspect.match, suspect.row = match, row
        suspect.marketplaces.add(row.marketplace)
    return scanned, matches, suspects


def _evidence(suspect: _Suspect) -> dict:
    m = suspect.match
    start = max(0, m.start - EVIDENCE_CONTEXT)
    end = min(len(m.text), m.end + EVIDENCE_CONTEXT)
    return {
        "field": m.field,
        "text": m.text[start:end],
        "start": m.start - start,
        "end": m.end - start,
        "matched": m.matched,
        "marketplace": suspect.row.marketplace,
        "locale": suspect.row.locale,
        "marketplace_sku": suspect.row.marketplace_sku,
    }


def store_names(seller_ids: Iterable[int]) -> dict[int, str]:
    """What a shopper sees of each seller: its brand store's name, else its trading name."""
    ids = set(seller_ids)
    names = dict(Seller.objects.filter(pk__in=ids).values_list("pk", "name"))
    names.update(BrandStore.objects.filter(seller_id__in=ids).values_list("seller_id", "name"))
    return names


def write_cases(specs: list[BrandSpec], suspects: dict[tuple[int, int], _Suspect], *, now) -> int:
    """Open a case per new (brand, product); refresh the open ones; returns the cases opened.

    A dismissed or decided case is not reopened by the same product matching again.
    """
    if not suspects:
        return 0
    owners = {s.id: s.owner_id for s in specs}
    names = store_names(s.seller_id for s in suspects.values())
    existing = {
        (c.brand_id, c.product_id): c
        for c in BrandCase.objects.filter(
            brand_id__in={b for b, _ in suspects}, product_id__in={p for _, p in suspects}
        )
    }
    to_create, to_update = [], []
    for key, suspect in suspects.items():
        case = existing.get(key)
        if case is None:
            to_create.append(
                BrandCase(
                    seller_id=owners[suspect.brand_id],
                    brand_id=suspect.brand_id,
                    product_id=suspect.product_id,
                    accused_seller_id=suspect.seller_id,
                    store_name=names.get(suspect.seller_id, "")[:200],
                    marketplaces=sorted(suspect.marketplaces),
                    rule=suspect.match.rule,
                    score=Decimal(str(round(suspect.match.score, 3))),
                    evidence=_evidence(suspect),
                    detected_at=now,
                    last_seen_at=now,
                )
            )
        elif case.status == BrandCase.Status.OPEN:
            case.marketplaces = sorted(set(case.marketplaces) | suspect.marketplaces)
            case.last_seen_at = now
            to_update.append(case)
    with transaction.atomic():
        BrandCase.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        BrandCase.objects.bulk_update(to_update, ["marketplaces", "last_seen_at"], batch_size=1000)
    return len(to_create)


def run_monitoring(*, product_ids: Iterable[int] | None = None, reason: str = "") -> MonitoringRun:
    """Compare live listings (all, or those of these products) with every verified brand."""
    now = timezone.now()
    ids = sorted(set(product_ids)) if product_ids is not None else None
    run = MonitoringRun.objects.create(
        scope=MonitoringRun.Scope.CATALOGUE if ids is None else MonitoringRun.Scope.LISTINGS, started_at=now
    )
    reason = reason or (
        "nightly brand monitoring" if ids is None else f"brand monitoring of {len(ids)} products"
    )
    with platform_scope(reason=reason):
        specs = brand_specs()
        listings = Listing.objects.filter(state=Listing.State.LIVE).order_by("pk")
        if ids is not None:
            listings = listings.filter(product_id__in=ids)
        if specs:
            scanned, matches, suspects = find_suspects(specs, listings)
            opened = write_cases(specs, suspects, now=now)
        else:
            scanned, matches, opened = 0, 0, 0
    MonitoringRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        brands=len(specs),
        listings_scanned=scanned,
        matches=matches,
        cases_opened=opened,
    )
    run.refresh_from_db()
    logger.info("Brand monitoring: %s listings, %s matches, %s new cases", scanned, matches, opened)
    return run
