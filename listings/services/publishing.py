"""Publish once: one product becomes a listing in each chosen marketplace, kept in sync.

`start_publish` validates the choice and queues the job; the job's work calls
`publish_products` on batches of products. For each (product, marketplace) it derives the
listing from the product — content in the marketplace's locale, the price in its currency
(with the FX rate and date used), the fulfilment route — lays the seller's per-field
overrides over it, decides the state (compliance blocks, content or price problems
suppress) and writes every listing of the batch with bulk_create / bulk_update, recording
on each what changed.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from listings.models import Listing, Product
from listings.models.listing import BULLET_PREFIX, OVERRIDABLE_FIELDS
from listings.selectors.events import listing_state_events
from listings.services.compliance import unmet_requirements
from listings.services.content_language import approved_pairs, language_hold
from listings.services.localisation import content_problems, content_rules, localised_contents
from listings.services.pricing import currency_digits, format_price, prices_for
from listings.services.repricing import hold_small_moves
from listings.signals import listings_published
from portal.exceptions import Conflict, InvalidInput
from portal.jobs import register_job_kind, register_job_result
from portal.models import JobRun, Marketplace, Seller
from portal.pg import insert_rows
from portal.services.jobs import JobProgress, start_job
from portal.services.webhooks import emit_events

KIND = register_job_kind(
    "listings.publish", gettext_lazy("Publish listings"), task="listings.tasks.publish_listings"
)
register_job_result(KIND, "listings/job_results/publish.html")

# Delivery promise in days (min, max) of each fulfilment route.
DELIVERY_DAYS = {
    Listing.Route.LOCAL_FC: (1, 3),
    Listing.Route.REMOTE_FC: (4, 8),
    Listing.Route.GWD_DIRECT: (7, 15),
}
GWD = "GWD"
MARKETPLACE_SKU_MAX = 40
# The effective fields compared on a sync to tell the seller what changed.
SYNCED_FIELDS = (
    "title",
    "bullet_points",
    "description",
    "content_origin",
    "price",
    "currency",
    "fx_rate",
    "fx_date",
    "price_stale",
    "fulfilment_route",
    "state",
)
UPDATE_FIELDS = [
    "marketplace_sku",
    "locale",
    "title",
    "bullet_points",
    "description",
    "content_origin",
    "price",
    "currency",
    "price_formatted",
    "fx_rate",
    "fx_date",
    "fx_source",
    "price_stale",
    "fulfilment_route",
    "fulfilment_from",
    "delivery_days_min",
    "delivery_days_max",
    "state",
    "blocked_reasons",
    "problems",
    "inherited",
    "overrides",
    "last_changes",
    "synced_at",
]


@dataclass
class PublishResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    states: Counter = field(default_factory=Counter)

    def add(self, other: PublishResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.states.update(other.states)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "states": dict(sorted(self.states.items())),
        }


# --- choosing marketplaces ----------------------------------------------------------------


def select_marketplaces(*, codes: Sequence[str] | str | None = None, region: str = "") -> list[Marketplace]:
    """The active marketplaces chosen by codes, by "all", or by region; InvalidInput when none or unknown."""
    active = Marketplace.objects.filter(is_active=True).order_by("code")
    if codes == "all":
        return list(active)
    if region:
        if region not in Marketplace.Region.values:
            raise InvalidInput(
                fields={
                    "region": [
                        _("Unknown region %(region)s; choose one of %(allowed)s.")
                        % {"region": region, "allowed": ", ".join(Marketplace.Region.values)}
                    ]
                }
            )
        chosen = list(active.filter(region=region))
        if codes:
            chosen = sorted(
                {m.code: m for m in [*chosen, *select_marketplaces(codes=codes)]}.values(),
                key=lambda m: m.code,
            )
        return chosen
    codes = [c.strip().upper() for c in (codes or []) if str(c).strip()]
    if not codes:
        raise InvalidInput(fields={"marketplaces": [_("Choose at least one marketplace, a region, or all.")]})
    found = {m.code: m for m in active.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidInput(
            fields={
                "marketplaces": [
                    _("Unknown or inactive marketplaces: %(codes)s. Known: %(known)s.")
                    % {"codes": ", ".join(unknown), "known": ", ".join(active.values_list("code", flat=True))}
                ]
            }
        )
    return [found[c] for c in sorted(found)]


# --- the job ------------------------------------------------------------------------------


def start_publish(
    *,
    seller: Seller,
    product_ids: Iterable[int],
    marketplaces: Sequence[Marketplace],
    gwd_direct: Iterable[str] = (),
    started_by=None,
    api_key=None,
) -> JobRun:
    """Queue the publishing of these products to these marketplaces; returns the JobRun.

    Raises InvalidInput (nothing queued) when a product is unknown or archived, or a
    marketplace chosen for direct shipping from the GWD is not among those published to.
    """
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        raise InvalidInput(fields={"products": [_("Choose at least one product to publish.")]})
    rows = dict(Product.objects.for_seller(seller).filter(pk__in=ids).values_list("pk", "status"))
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        raise InvalidInput(
            fields={"products": [_("No such products: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]}
        )
    archived = [pk for pk, status in rows.items() if status == Product.Status.ARCHIVED]
    if archived:
        raise InvalidInput(
            fields={
                "products": [
                    _("Archived products cannot be published: %(ids)s.")
                    % {"ids": ", ".join(map(str, sorted(archived)))}
                ]
            }
        )
    codes = [m.code for m in marketplaces]
    direct = sorted({c.upper() for c in gwd_direct})
    stray = [c for c in direct if c not in codes]
    if stray:
        raise InvalidInput(
            fields={
                "gwd_direct": [
                    _("Direct shipping is chosen for marketplaces you are not publishing to: %(codes)s.")
                    % {"codes": ", ".join(stray)}
                ]
            }
        )
    return start_job(
        seller=seller,
        kind=KIND,
        params={"product_ids": ids, "marketplaces": codes, "gwd_direct": direct},
        started_by=started_by,
        api_key=api_key,
        total=len(ids),
    )


def publish_work(job: JobRun, progress: JobProgress) -> dict:
    """The job's work: publish the job's products in batches, one progress step per product."""
    seller = job.seller
    ids = job.params["product_ids"]
    marketplaces = list(Marketplace.objects.filter(code__in=job.params["marketplaces"]).order_by("code"))
    direct = frozenset(job.params.get("gwd_direct", []))
    progress.set_total(len(ids))
    result = PublishResult()
    batch = settings.PUBLISH_BATCH_SIZE
    for start in range(0, len(ids), batch):
        products = list(Product.objects.for_seller(seller).filter(pk__in=ids[start : start + batch]))
        result.add(
            publish_products(seller=seller, products=products, marketplaces=marketplaces, gwd_direct=direct)
        )
        progress.advance(len(ids[start : start + batch]))
    return {"marketplaces": [m.code for m in marketplaces], "products": len(ids), **result.as_dict()}


# --- deriving and writing listings --------------------------------------------------------


def fulfilment_for(marketplace: Marketplace, *, direct: bool) -> tuple[str, str, tuple[int, int]]:
    """(route, fulfilled from, delivery days) of a marketplace."""
    if direct:
        route = Listing.Route.GWD_DIRECT
        origin = GWD
    elif marketplace.remote_fulfilment:
        route = Listing.Route.REMOTE_FC
        origin = marketplace.fc_region
    else:
        route = Listing.Route.LOCAL_FC
        origin = marketplace.fc_region
    return route, origin, DELIVERY_DAYS[route]


def marketplace_sku(product: Product, marketplace: Marketplace) -> str:
    """The seller's SKU with the marketplace code, cut to the marketplaces' 40-character limit."""
    suffix = f"-{marketplace.code}"
    return product.sku[: MARKETPLACE_SKU_MAX - len(suffix)] + suffix


def _pricing_and_content(seller, products, marketplaces):
    """Quotes, localised contents and the content check from the pricing side of the app."""
    quotes = prices_for(seller, products, marketplaces)
    contents = localised_contents(seller, products, sorted({m.default_locale for m in marketplaces}))
    # The operators' content rules are read once for the whole batch (two queries).
    return quotes, contents, functools.partial(content_problems, rules=content_rules(refresh=True))


def _decimal_text(value) -> str | None:
    return None if value is None else str(value)


def apply_overrides(inherited: dict, overrides: dict) -> dict:
    """The effective values: the inherited ones with each overridden field (or bullet) replaced."""
    effective = {
        "title": inherited.get("title", ""),
        "description": inherited.get("description", ""),
        "bullet_points": list(inherited.get("bullet_points", [])),
        "price": inherited.get("price"),
        "price_formatted": inherited.get("price_formatted", ""),
    }
    for key, value in overrides.items():
        if key.startswith(BULLET_PREFIX):
            index = int(key[len(BULLET_PREFIX) :])
            bullets = effective["bullet_points"]
            while len(bullets) <= index:
                bullets.append("")
            bullets[index] = value
        elif key == "price":
            effective["price"] = value
            effective["price_formatted"] = ""
        else:
            effective[key] = value
    return effective


def decide_state(
    *, current: str | None, product: Product, blocked: list, problems: list, relist: bool = True
) -> str:
    """The listing's state after a sync.

    A paused listing stays paused (the seller paused it), an ended one is relisted only
    when the seller publishes it again; otherwise unmet compliance blocks it, content or
    price problems suppress it, a draft product gives a draft listing, and the rest is live.
    """
    if current == Listing.State.PAUSED:
        return Listing.State.PAUSED
    if current == Listing.State.ENDED and not relist:
        return Listing.State.ENDED
    if blocked:
        return Listing.State.BLOCKED
    if problems:
        return Listing.State.SUPPRESSED
    if product.status == Product.Status.DRAFT:
        return Listing.State.DRAFT
    return Listing.State.LIVE


def _comparable(listing: Listing) -> dict:
    return {
        "title": listing.title,
        "bullet_points": list(listing.bullet_points or []),
        "description": listing.description,
        "content_origin": listing.content_origin,
        "price": _decimal_text(listing.price),
        "currency": listing.currency,
        "fx_rate": _decimal_text(listing.fx_rate),
        # The price shows the rate's date and whether it is stale: a new day's rate, or a
        # rate that went stale, is news for the seller even when the amount stays.
        "fx_date": listing.fx_date.isoformat() if listing.fx_date else None,
        "price_stale": bool(listing.price_stale),
        "fulfilment_route": listing.fulfilment_route,
        "state": listing.state,
    }


def _changes(before: dict, after: dict) -> list[dict]:
    changes = []
    for name in SYNCED_FIELDS:
        old, new = before.get(name), after.get(name)
        numeric = name in ("price", "fx_rate") and old is not None and new is not None
        if numeric and Decimal(old) == Decimal(new):
            continue
        if old != new:
            changes.append({"field": name, "old": old, "new": new})
    return changes


def publish_products(
    *,
    seller: Seller,
    products: Sequence[Product],
    marketplaces: Sequence[Marketplace],
    gwd_direct: frozenset[str] = frozenset(),
    relist: bool = True,
    now: datetime.datetime | None = None,
) -> PublishResult:
    """Create or sync the listing of every (product, marketplace); returns the counts.

    Idempotent: a second run with nothing changed writes nothing. A constant number of
    queries per batch: pricing, content, compliance and the existing listings are read in
    bulk, new listings written with one bulk_create and changed ones with one bulk_update.
    """
    now = now or timezone.now()
    products = list(products)
    marketplaces = list(marketplaces)
    result = PublishResult()
    if not products or not marketplaces:
        return result
    quotes, contents, content_problems = _pricing_and_content(seller, products, marketplaces)
    unmet = unmet_requirements(seller=seller, products=products, marketplaces=marketplaces)
    existing = {
        (listing.product_id, listing.marketplace_id): listing
        for listing in Listing.objects.for_seller(seller).filter(
            product_id__in=[p.pk for p in products], marketplace_id__in=[m.pk for m in marketplaces]
        )
    }
    quotes = hold_small_moves(seller, quotes, existing.values(), products=products, marketplaces=marketplaces)
    source_approved = approved_pairs(seller, [p.pk for p in products], [m.pk for m in marketplaces])
    to_create: list[Listing] = []
    to_update: list[Listing] = []
    for product in products:
        for marketplace in marketplaces:
            locale = marketplace.default_locale
            content = contents.get((product.pk, locale))
            quote = quotes.get((product.pk, marketplace.code))
            problems = list(content_problems(content, marketplace)) if content is not None else []
            if content is None:
                problems.append(_("No content in %(locale)s.") % {"locale": locale})
            amount = getattr(quote, "amount", None)
            price_problem = ""
            if amount is None:
                reason = getattr(quote, "problem", "") or _("No pricing rule gives a price.")
                price_problem = _("No price: %(reason)s") % {"reason": reason}
            route, origin, (days_min, days_max) = fulfilment_for(
                marketplace, direct=marketplace.code in gwd_direct
            )
            inherited = {
                "title": content.title if content else "",
                "bullet_points": list(content.bullet_points) if content else [],
                "description": content.description if content else "",
                "price": _decimal_text(amount),
                "price_formatted": getattr(quote, "formatted", "") if amount is not None else "",
            }
            blocked = [u.as_dict() for u in unmet.get((product.pk, marketplace.code), [])]
            listing = existing.get((product.pk, marketplace.pk))
            is_new = listing is None
            if is_new:
                listing = Listing(
                    seller_id=seller.pk,
                    product_id=product.pk,
                    marketplace_id=marketplace.pk,
                    published_at=now,
                    overrides={},
                )
                before = {}
            else:
                before = _comparable(listing)
            effective = apply_overrides(inherited, listing.overrides or {})
            # A price the seller set on this marketplace stands in for a missing derived one.
            if price_problem and "price" not in (listing.overrides or {}):
                problems.append(price_problem)
            listing.marketplace_sku = marketplace_sku(product, marketplace)
            listing.locale = locale
            listing.title = effective["title"][:500]
            listing.bullet_points = effective["bullet_points"]
            listing.description = effective["description"]
            listing.content_origin = getattr(content, "origin", "") if content else ""
            listing.price = Decimal(effective["price"]) if effective["price"] is not None else None
            listing.price_formatted = effective["price_formatted"]
            listing.currency = getattr(quote, "currency", "") or marketplace.currency
            listing.fx_rate = getattr(quote, "fx_rate", None)
            listing.fx_date = getattr(quote, "fx_date", None)
            listing.fx_source = getattr(quote, "fx_source", "") or ""
            listing.price_stale = bool(getattr(quote, "stale", False))
            listing.fulfilment_route = route
            listing.fulfilment_from = origin
            listing.delivery_days_min = days_min
            listing.delivery_days_max = days_max
            if (product.pk, marketplace.pk) not in source_approved:
                hold = language_hold(
                    product=product, marketplace=marketplace, content=content, effective=effective
                )
                if hold is not None:
                    blocked.append(hold)
            listing.blocked_reasons = blocked
            listing.problems = problems
            listing.inherited = inherited
            listing.state = decide_state(
                current=None if is_new else listing.state,
                product=product,
                blocked=blocked,
                problems=problems,
                relist=relist,
            )
            after = _comparable(listing)
            if is_new:
                listing.last_changes = [{"field": "state", "old": None, "new": listing.state}]
                listing.synced_at = now
                to_create.append(listing)
                result.created += 1
            else:
                changes = _changes(before, after)
                if changes:
                    listing.last_changes = changes
                    listing.synced_at = now
                    to_update.append(listing)
                    result.updated += 1
                else:
                    result.unchanged += 1
            result.states[listing.state] += 1
    _write_listings(seller, to_create, to_update)
    if to_create or to_update:
        emit_events(
            seller=seller,
            type="listing.state_changed",
            payloads=lambda: listing_state_events(seller=seller, listings=to_create + to_update),
        )
    changed = sorted({listing.product_id for listing in (*to_create, *to_update)})
    if changed:
        listings_published.send(sender=Listing, seller=seller, product_ids=changed)
    return result


def _write_listings(seller: Seller, to_create: list[Listing], to_update: list[Listing]) -> None:
    """New listings inserted, changed ones upserted on (product, marketplace): one
    INSERT … ON CONFLICT DO UPDATE per batch, far cheaper than bulk_update's CASE WHEN
    per field and row."""
    batch = settings.PUBLISH_WRITE_BATCH_SIZE
    upsert = {"unique_fields": ["product", "marketplace"], "update_fields": UPDATE_FIELDS}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Columns bound as binary arrays: bulk_create would quote 23,000 rows in Python.
            insert_rows(Listing, to_create, batch_size=batch)
            insert_rows(Listing, to_update, batch_size=batch, **upsert)
            return
        Listing.objects.for_seller(seller).bulk_create(to_create, batch_size=batch)
        Listing.objects.for_seller(seller).bulk_create(
            to_update, batch_size=batch, update_conflicts=True, **upsert
        )


# --- the seller's changes to single listings ----------------------------------------------


def _override_key(field_name: str, bullet: int | None) -> str:
    if field_name == "bullet_points":
        if bullet is None or bullet < 0:
            raise InvalidInput(fields={"bullet": [_("Say which bullet (0 for the first) to override.")]})
        return f"{BULLET_PREFIX}{bullet}"
    if field_name not in OVERRIDABLE_FIELDS:
        raise InvalidInput(
            fields={
                "field": [
                    _("Only these fields can be overridden: %(allowed)s.")
                    % {"allowed": ", ".join([*OVERRIDABLE_FIELDS, "bullet_points"])}
                ]
            }
        )
    return field_name


@transaction.atomic
def set_override(
    *, seller: Seller, listing: Listing, field_name: str, value, bullet: int | None = None
) -> Listing:
    """Give one field of one listing its own value; the next syncs keep it.

    Raises InvalidInput for a field that cannot be overridden or a bad value.
    """
    key = _override_key(field_name, bullet)
    if key == "price":
        try:
            amount = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            amount = None
        if amount is None or not amount.is_finite() or amount <= 0:
            raise InvalidInput(fields={"price": [_("Enter a price above 0, for example 19.99.")]})
        digits = currency_digits(listing.currency)
        if amount != amount.quantize(Decimal(1).scaleb(-digits)):
            raise InvalidInput(
                fields={
                    "price": [
                        _("%(currency)s prices have %(digits)d decimals.")
                        % {"currency": listing.currency, "digits": digits}
                    ]
                }
            )
        value = str(amount)
    else:
        value = str(value or "").strip()
        if key == "title" and not value:
            raise InvalidInput(fields={"title": [_("A title cannot be empty.")]})
        if key == "title" and len(value) > 500:
            raise InvalidInput(fields={"title": [_("A title has at most 500 characters.")]})
    before = _comparable(listing)
    listing.overrides = {**listing.overrides, key: value}
    _apply_effective(listing)
    listing.last_changes = _changes(before, _comparable(listing))
    listing.save()
    return listing


@transaction.atomic
def reset_override(*, seller: Seller, listing: Listing, key: str) -> Listing:
    """Let one overridden field inherit again: it takes the value of the last sync at once."""
    if key not in listing.overrides:
        raise InvalidInput(fields={"field": [_("%(field)s is not overridden.") % {"field": key}]})
    before = _comparable(listing)
    listing.overrides = {k: v for k, v in listing.overrides.items() if k != key}
    _apply_effective(listing)
    listing.last_changes = _changes(before, _comparable(listing))
    listing.save()
    return listing


def _apply_effective(listing: Listing) -> None:
    effective = apply_overrides(listing.inherited or {}, listing.overrides)
    listing.title = effective["title"]
    listing.bullet_points = effective["bullet_points"]
    listing.description = effective["description"]
    listing.price = Decimal(effective["price"]) if effective["price"] is not None else None
    listing.price_formatted = effective["price_formatted"] or (
        format_price(listing.price, listing.currency, listing.locale) if listing.price is not None else ""
    )


# Which states a seller's action may move a listing out of, and to what.
ACTIONS = {
    "pause": (
        {Listing.State.LIVE, Listing.State.SUPPRESSED, Listing.State.BLOCKED, Listing.State.DRAFT},
        Listing.State.PAUSED,
    ),
    "end": ({s for s in Listing.State.values if s != Listing.State.ENDED}, Listing.State.ENDED),
    "resume": ({Listing.State.PAUSED}, None),
}


@transaction.atomic
def change_listing_states(*, seller: Seller, listing_ids: Iterable[int], action: str) -> dict:
    """Pause, end or resume the seller's listings; returns {"changed": n, "skipped": n}.

    Listings not in a state the action applies to are skipped and counted. A resumed
    listing goes back to live, or to blocked / suppressed when it still has reasons.
    Raises InvalidInput for an unknown action.
    """
    if action not in ACTIONS:
        raise InvalidInput(
            fields={"action": [_("Choose one of: %(allowed)s.") % {"allowed": ", ".join(ACTIONS)}]}
        )
    allowed, target = ACTIONS[action]
    ids = sorted({int(pk) for pk in listing_ids})
    listings = list(Listing.objects.for_seller(seller).filter(pk__in=ids).select_related("product"))
    changed = []
    now = timezone.now()
    for listing in listings:
        if listing.state not in allowed:
            continue
        new = target or decide_state(
            current=None, product=listing.product, blocked=listing.blocked_reasons, problems=listing.problems
        )
        listing.last_changes = [{"field": "state", "old": listing.state, "new": new}]
        listing.state = new
        listing.synced_at = now
        changed.append(listing)
    Listing.objects.for_seller(seller).bulk_update(changed, ["state", "last_changes", "synced_at"])
    if changed:
        emit_events(
            seller=seller,
            type="listing.state_changed",
            payloads=lambda: listing_state_events(seller=seller, listings=changed),
        )
    return {"changed": len(changed), "skipped": len(ids) - len(changed)}


def change_listing_state(*, seller: Seller, listing: Listing, action: str) -> Listing:
    """One listing's pause / end / resume; Conflict when its state does not allow it."""
    outcome = change_listing_states(seller=seller, listing_ids=[listing.pk], action=action)
    if not outcome["changed"]:
        raise Conflict(
            _("A %(state)s listing cannot be changed by %(action)s.")
            % {"state": listing.get_state_display(), "action": action}
        )
    listing.refresh_from_db()
    return listing
