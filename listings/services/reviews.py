"""Reviews: batch import from partners, display in every marketplace, rating aggregates.

A product's reviews travel: a review written in the US is shown in Germany too, with
its origin marketplace, and marked "translated" when the German shopper reads a
translation. Aggregates per product and per (product, marketplace) come from one
grouped query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from listings.models import Listing, Product, Review
from listings.services.localisation import language_of
from portal.exceptions import InvalidInput
from portal.models import Marketplace, Seller

MAX_BATCH = 500
TEXT_LIMITS = {"title": 300, "body": 20000, "reviewer_name": 120, "external_id": 64}


@dataclass(frozen=True)
class RatingAggregate:
    count: int
    average: Decimal | None
    vine: int


@dataclass(frozen=True)
class ShownReview:
    review: Review
    title: str
    body: str
    translated: bool
    origin: str  # the origin marketplace's code


def _aggregate(count: int, total: Decimal, vine: int) -> RatingAggregate:
    average = (total / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if count else None
    return RatingAggregate(count, average, vine)


def rating_aggregates(
    seller: Seller, *, product_ids: list[int] | None = None
) -> tuple[dict[int, RatingAggregate], dict[tuple[int, str], RatingAggregate]]:
    """(per product, per (product, origin marketplace code)): one grouped query."""
    rows = Review.objects.for_seller(seller)
    if product_ids is not None:
        rows = rows.filter(product_id__in=product_ids)
    grouped = (
        rows.values("product_id", "marketplace__code")
        .annotate(n=Count("id"), avg=Avg("rating"), vine=Count("id", filter=Q(is_vine=True)))
        .order_by()
    )
    per_product: dict[int, list] = defaultdict(lambda: [0, Decimal(0), 0])
    per_market = {}
    for row in grouped:
        total = Decimal(str(row["avg"])) * row["n"]
        per_market[(row["product_id"], row["marketplace__code"])] = _aggregate(row["n"], total, row["vine"])
        acc = per_product[row["product_id"]]
        acc[0] += row["n"]
        acc[1] += total
        acc[2] += row["vine"]
    return {pid: _aggregate(*acc) for pid, acc in per_product.items()}, per_market


def selling_marketplaces(seller: Seller, product_ids: list[int]) -> dict[int, set[str]]:
    """Where each product sells: its live listings (the catalogue's Listing table)."""
    result: dict[int, set[str]] = defaultdict(set)
    for product_id, code in (
        Listing.objects.for_seller(seller)
        .filter(product_id__in=product_ids, state="live")
        .values_list("product_id", "marketplace__code")
    ):
        result[product_id].add(code)
    return result


def reviews_for_marketplace(
    seller: Seller, *, product: Product, marketplace: Marketplace, limit: int = 50
) -> list[ShownReview]:
    """A product's reviews from every marketplace as shoppers of `marketplace` read them."""
    language = language_of(marketplace.default_locale)
    shown = []
    for review in (
        Review.objects.for_seller(seller).filter(product=product).select_related("marketplace")[:limit]
    ):
        translation = (review.translations or {}).get(language)
        if language_of(review.language) != language and isinstance(translation, dict):
            shown.append(
                ShownReview(
                    review,
                    translation.get("title", ""),
                    translation.get("body", ""),
                    True,
                    review.marketplace.code,
                )
            )
        else:
            shown.append(ShownReview(review, review.title, review.body, False, review.marketplace.code))
    return shown


# --- import ------------------------------------------------------------------------------


def _validate_item(item, *, products_by_id, products_by_sku, marketplaces) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    if not isinstance(item, dict):
        return {}, {"non_field_errors": [_("Each review must be an object.")]}
    product = None
    if item.get("product") is not None:
        product = products_by_id.get(item.get("product")) if isinstance(item.get("product"), int) else None
        if product is None:
            errors["product"] = [_("No such product: give the id of one of your products.")]
    elif item.get("product_sku"):
        product = products_by_sku.get(item["product_sku"])
        if product is None:
            errors["product_sku"] = [_("No product with SKU %(sku)r.") % {"sku": item["product_sku"]}]
    else:
        errors["product"] = [_("Give the product's id (product) or SKU (product_sku).")]
    marketplace = marketplaces.get(str(item.get("marketplace", "")).upper())
    if marketplace is None:
        errors["marketplace"] = [
            _("Unknown marketplace %(value)r: one of %(codes)s.")
            % {"value": item.get("marketplace"), "codes": ", ".join(sorted(marketplaces))}
        ]
    external_id = item.get("external_id")
    if not isinstance(external_id, str) or not external_id.strip():
        errors["external_id"] = [_("The marketplace's review ID is required.")]
    rating = item.get("rating")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        errors["rating"] = [_("A whole number from 1 to 5.")]
    reviewed_at = item.get("reviewed_at")
    parsed = parse_datetime(reviewed_at) if isinstance(reviewed_at, str) else None
    if parsed is None or parsed.tzinfo is None:
        errors["reviewed_at"] = [
            _("An ISO 8601 date and time with its time zone, e.g. 2026-11-20T14:03:00Z.")
        ]
    language = item.get("language") or (marketplace.default_locale if marketplace else "")
    for name, limit in TEXT_LIMITS.items():
        value = item.get(name, "")
        if value is not None and not isinstance(value, str):
            errors[name] = [_("Must be text.")]
        elif value and len(value) > limit:
            errors[name] = [_("At most %(n)d characters.") % {"n": limit}]
    for name in ("is_vine", "verified_purchase"):
        if name in item and not isinstance(item[name], bool):
            errors[name] = [_("true or false.")]
    translations = item.get("translations") or {}
    if not isinstance(translations, dict) or not all(
        isinstance(v, dict) and set(v) <= {"title", "body"} for v in translations.values()
    ):
        errors["translations"] = [_('An object by language: {"de": {"title": "…", "body": "…"}}.')]
    if errors:
        return {}, errors
    return {
        "product": product,
        "marketplace": marketplace,
        "external_id": external_id.strip(),
        "rating": rating,
        "title": item.get("title") or "",
        "body": item.get("body") or "",
        "language": language,
        "reviewer_name": item.get("reviewer_name") or "",
        "is_vine": item.get("is_vine", False),
        "verified_purchase": item.get("verified_purchase", False),
        "translations": translations,
        "reviewed_at": parsed,
    }, {}


@transaction.atomic
def import_reviews(*, seller: Seller, items: list) -> list[dict]:
    """Create or update reviews; answers one result per item, in order.

    Each result is `{"index", "status": "created"|"updated"|"invalid", "id"?, "errors"?}`.
    Good items are stored even when others are invalid; an item repeated (same
    marketplace and external_id) updates the stored review, so a re-sent batch is safe.
    Queries: products, marketplaces, existing reviews, then bulk writes.
    """
    if not isinstance(items, list) or not items or len(items) > MAX_BATCH:
        raise InvalidInput(
            "The batch is not valid.",
            fields={"reviews": [_("A list of 1 to %(n)d reviews.") % {"n": MAX_BATCH}]},
        )
    ids = [i.get("product") for i in items if isinstance(i, dict) and isinstance(i.get("product"), int)]
    skus = [
        i.get("product_sku") for i in items if isinstance(i, dict) and isinstance(i.get("product_sku"), str)
    ]
    products = list(Product.objects.for_seller(seller).filter(Q(pk__in=ids) | Q(sku__in=skus)))
    products_by_id = {p.pk: p for p in products}
    products_by_sku = {p.sku: p for p in products}
    marketplaces = {m.code: m for m in Marketplace.objects.filter(is_active=True)}
    results: list[dict] = []
    valid: dict[tuple[int, str], tuple[int, dict]] = {}
    for index, item in enumerate(items):
        data, errors = _validate_item(
            item, products_by_id=products_by_id, products_by_sku=products_by_sku, marketplaces=marketplaces
        )
        if errors:
            results.append({"index": index, "status": "invalid", "errors": errors})
        else:
            results.append({"index": index})
            valid[(data["marketplace"].pk, data["external_id"])] = (index, data)
    existing = {}
    if valid:
        query = Q()
        for marketplace_id, external_id in valid:
            query |= Q(marketplace_id=marketplace_id, external_id=external_id)
        existing = {
            (r.marketplace_id, r.external_id): r for r in Review.objects.for_seller(seller).filter(query)
        }
    new, changed = [], []
    fields = [
        "product",
        "rating",
        "title",
        "body",
        "language",
        "reviewer_name",
        "is_vine",
        "verified_purchase",
        "translations",
        "reviewed_at",
    ]
    for key, (index, data) in valid.items():
        review = existing.get(key)
        if review is None:
            review = Review(seller=seller, **data)
            new.append((index, review))
        else:
            for name in fields:
                setattr(review, name, data[name])
            changed.append((index, review))
    Review.objects.for_seller(seller).bulk_create([r for _i, r in new])
    Review.objects.for_seller(seller).bulk_update([r for _i, r in changed], fields)
    if any(r.pk is None for _i, r in new):
        # Backends without RETURNING on bulk insert: read the ids back.
        stored = {
            (r.marketplace_id, r.external_id): r.pk
            for r in Review.objects.for_seller(seller).filter(
                external_id__in=[r.external_id for _i, r in new]
            )
        }
        for _i, review in new:
            review.pk = stored[(review.marketplace_id, review.external_id)]
    for status, batch in (("created", new), ("updated", changed)):
        for index, review in batch:
            results[index] = {"index": index, "status": status, "id": review.pk}
    # An item repeated inside the batch: the last one wins, the earlier ones say so.
    for index, result in enumerate(results):
        if "status" not in result:
            results[index] = {"index": index, "status": "duplicate_in_batch"}
    return results
