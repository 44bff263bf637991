"""Landed costs from the lanes: what it costs to bring a unit to the marketplace that sells it.

For every product of a seller and every active marketplace: the lanes from the GWD (China)
to the country of the FC that serves the marketplace (US for CA, MX and BR; Germany for the
EU), or — when no lane reaches that FC — straight to the marketplace's country (GWD direct).
Each valid lane's rate card prices one unit (its share of a full shipment, no minimum charge,
fuel included; `logistics.engine.rating.unit_freight`); the cheapest lane serves. Duty comes
from the duty table (on the goods' value, plus freight in CIF countries), import VAT from
the destination's rate on value + freight + duty. The results are `listings.LandedCost` rows,
which target-margin pricing reads, in the seller's home currency.

A rate-card (or lane) change refreshes every seller's landed costs and reprices their live
listings through the reprice threshold (`listings.services.repricing.reprice_after_cost_change`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.models import LandedCost, Listing, Product
from listings.services.repricing import reprice_after_cost_change
from logistics.engine.rating import RateArrays, unit_freight
from logistics.models import Lane, Mode, RateCard
from logistics.services.currency import LaneCurrencyConverter
from logistics.services.customs import CIF_VALUATION, duty_rates, import_vat_rate, normalise_country
from portal.jobs import register_job_kind
from portal.models import JobRun, Marketplace, Seller
from portal.services.jobs import start_job

GWD_COUNTRY = "CN"
# FC regions that are not a country: the EU's pan-European FCs start in Germany.
FC_REGION_COUNTRY = {"EU": "DE"}

LANDED_COSTS = register_job_kind(
    "logistics.landed_costs",
    _("Landed costs from the lanes, then repricing"),
    task="logistics.tasks.refresh_landed_costs",
)


def serving_countries(marketplace: Marketplace) -> list[tuple[str, str]]:
    """(route, destination country) to try for a marketplace, in order: its FC, then direct."""
    fc = normalise_country(FC_REGION_COUNTRY.get(marketplace.fc_region, marketplace.fc_region))
    own = normalise_country(marketplace.code)
    routes = [(LandedCost.Route.FC, fc)]
    if own != fc:
        routes.append((LandedCost.Route.DIRECT, own))
    return routes


def _priced_lanes(day: datetime.date) -> dict[str, list[tuple[Lane, RateCard]]]:
    """Lanes from the GWD valid on `day` with their rate card, by destination country (two queries)."""
    lanes = list(Lane.objects.valid_on(day).filter(origin_country=GWD_COUNTRY).select_related("program"))
    cards: dict[int, RateCard] = {}
    for card in (
        RateCard.objects.filter(lane__in=lanes, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("lane_id", "-valid_from")
    ):
        cards.setdefault(card.lane_id, card)
    by_country = defaultdict(list)
    for lane in lanes:
        if lane.pk in cards:
            by_country[lane.destination_country].append((lane, cards[lane.pk]))
    return by_country


def _card_arrays(pairs: list[tuple[Lane, RateCard]]) -> RateArrays:
    cards = [card for _lane, card in pairs]
    return RateArrays(
        wm_basis=np.array([c.basis == RateCard.Basis.WEIGHT_OR_MEASURE for c in cards]),
        per_piece=np.array([lane.mode == Mode.EXPRESS for lane, _c in pairs]),
        per_kg=np.array([float(c.per_kg) for c in cards]),
        per_cbm=np.array([float(c.per_cbm) for c in cards]),
        divisor=np.array([float(c.volumetric_divisor) for c in cards]),
        min_charge=np.array([float(c.min_charge) for c in cards]),
        fuel_pct=np.array([float(c.fuel_surcharge_pct) for c in cards]),
    )


def _card_source(card: RateCard) -> str:
    source = (card.source or "").strip().splitlines()[0] if card.source else ""
    text = _("rate card of %(day)s") % {"day": card.valid_from.isoformat()}
    return f"{text}, {source}"[:300] if source else text


@transaction.atomic
def refresh_landed_costs(*, seller: Seller, day: datetime.date | None = None) -> dict:
    """Rate every product of the seller into every active marketplace; replace its LandedCost rows.

    Products without a weight cannot be rated and get no row (pricing then uses the rule's
    figures and says so). Answers counts: `products`, `rows`, `unrated` (product ×
    marketplace pairs no lane reaches) and `no_weight`.
    """
    day = day or timezone.localdate()
    home = seller.home_currency
    products = list(Product.objects.for_seller(seller).order_by("pk"))
    rated = [p for p in products if p.weight_g]
    marketplaces = list(Marketplace.objects.filter(is_active=True).order_by("code"))
    converter = LaneCurrencyConverter(home)
    lanes_by_country = _priced_lanes(day)
    weight = np.array([float(p.weight_g) for p in rated])
    volume = np.array([float(p.volume_cm3 or 0) for p in rated])
    value = np.array(
        [
            float(p.unit_cost * (converter.rate_from(p.unit_cost_currency) or 0))
            if p.unit_cost is not None
            else 0.0
            for p in rated
        ]
    )
    now = timezone.now()
    cheapest: dict[str, tuple[list[tuple[Lane, RateCard]], np.ndarray, np.ndarray]] = {}
    rows, unrated = [], 0
    for marketplace in marketplaces:
        found = None
        for route, country in serving_countries(marketplace):
            if country not in cheapest and lanes_by_country.get(country) and rated:
                pairs = lanes_by_country[country]
                fx = np.array([float(converter.rate_from(c.currency) or np.nan) for _l, c in pairs])
                freight = unit_freight(weight_g=weight, volume_cm3=volume, rates=_card_arrays(pairs))
                freight = np.where(
                    np.isnan(fx)[:, np.newaxis], np.inf, freight * np.nan_to_num(fx)[:, np.newaxis]
                )
                best = freight.argmin(axis=0)
                cheapest[country] = (pairs, best, freight[best, np.arange(len(rated))])
            if country in cheapest and np.isfinite(cheapest[country][2]).all():
                found = (route, country)
                break
        if found is None:
            unrated += len(rated)
            continue
        route, country = found
        pairs, best, freight = cheapest[country]
        duties = duty_rates(
            hs_codes=[p.hs_code for p in rated if p.hs_code], destination=country, origin=GWD_COUNTRY, on=day
        )
        vat_rate = import_vat_rate(country)
        for j, product in enumerate(rated):
            lane, card = pairs[best[j]]
            lookup = duties.get(product.hs_code) if product.hs_code else None
            duty_rate = lookup.rate if lookup is not None else None
            customs_value = value[j] + (freight[j] if country in CIF_VALUATION else 0.0)
            duty = customs_value * float(duty_rate or 0)
            vat = (value[j] + freight[j] + duty) * float(vat_rate)
            rows.append(
                LandedCost(
                    seller=seller,
                    product=product,
                    marketplace=marketplace,
                    currency=home,
                    route=route,
                    lane_code=lane.code,
                    lane_label=str(lane)[:200],
                    freight=_four(freight[j]),
                    freight_source=_card_source(card),
                    duty=_four(duty),
                    duty_rate=duty_rate,
                    duty_source=(lookup.source if lookup is not None else "")[:300],
                    import_vat=_four(vat),
                    import_vat_rate=vat_rate,
                    computed_at=now,
                )
            )
    LandedCost.objects.for_seller(seller).delete()
    LandedCost.objects.bulk_create(rows, batch_size=2000)
    return {
        "products": len(products),
        "rows": len(rows),
        "unrated": unrated,
        "no_weight": len(products) - len(rated),
    }


def _four(value: float) -> Decimal:
    """A per-unit amount with four decimals: a cent's fraction matters over thousands of units."""
    return Decimal(repr(round(float(value), 4)))


def landed_costs_work(job, progress) -> dict:
    """The JobRun work: fresh landed costs, then live target-margin prices through the threshold."""
    progress.set_total(2)
    summary = refresh_landed_costs(seller=job.seller)
    progress.advance(1)
    summary["repricing"] = reprice_after_cost_change(job.seller)
    progress.advance(1)
    return summary


def start_landed_costs(*, seller: Seller, started_by=None) -> JobRun:
    """Queue a refresh of the seller's landed costs and a repricing after it."""
    return start_job(seller=seller, kind=LANDED_COSTS, started_by=started_by)


def rate_cards_changed() -> int:
    """After an operator changed a rate card or lane: a landed-cost job for every seller with products.

    Answers the number of jobs started. Runs in the operator's transaction: the jobs are sent
    when it commits.
    """
    started = 0
    for seller in Seller.objects.filter(is_active=True).order_by("pk"):
        if Product.objects.for_seller(seller).exists() or Listing.objects.for_seller(seller).exists():
            start_landed_costs(seller=seller)
            started += 1
    return started
