"""Reorder suggestions from the factory, per SKU, read in a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone

from inventory.engine.pool import DEMAND_WINDOW_DAYS
from inventory.engine.reorders import reorders
from inventory.models import ProductSupply, SalesDay, StockBalance
from listings.models import Product
from portal.models import Seller

DEFAULT_LEAD_DAYS = 30
SAFETY_DAYS = 14
REVIEW_DAYS = 7
CYCLE_DAYS = 30


@dataclass(frozen=True)
class ReorderSuggestion:
    product: Product
    pool_units: int
    daily_demand: float
    cover_days: float | None
    lead_time_days: int
    lead_time_assumed: bool  # no supplier or product lead time: the default was used
    minimum_order_units: int
    supplier: str
    order_by: datetime.date
    arrives_by: datetime.date
    quantity: int


def pool_daily_demand(seller: Seller, product_ids: list[int], *, today: datetime.date) -> dict[int, float]:
    """Units a day every marketplace sells of each product: the trailing 28-day rate.

    The one place reorders read demand: a forecast (mean daily units over the lead time)
    replaces this function when forecasts land, and the suggestions follow.
    """
    since = today - datetime.timedelta(days=DEMAND_WINDOW_DAYS)
    return {
        pid: units / DEMAND_WINDOW_DAYS
        for pid, units in SalesDay.objects.for_seller(seller)
        .filter(product_id__in=product_ids, day__gte=since, day__lt=today)
        .values_list("product_id")
        .annotate(units=Sum("units"))
        .order_by()
    }


def reorder_suggestions(
    seller: Seller, *, products: list[Product] | None = None, today: datetime.date | None = None
) -> list[ReorderSuggestion]:
    """The SKUs whose pool cover falls below the factory lead time plus the safety margin
    within the review period, with the quantity and date to order. Four queries."""
    today = today or timezone.localdate()
    if products is None:
        products = list(
            Product.objects.for_seller(seller).filter(status=Product.Status.ACTIVE).order_by("sku")
        )
    if not products:
        return []
    ids = [p.pk for p in products]
    pool = dict(
        StockBalance.objects.for_seller(seller)
        .filter(product_id__in=ids)
        .values_list("product_id")
        .annotate(units=Sum(F("on_hand") - F("reserved") + F("inbound") + F("in_transit")))
        .order_by()
    )
    demand = pool_daily_demand(seller, ids, today=today)
    terms = {
        s.product_id: s
        for s in ProductSupply.objects.for_seller(seller)
        .filter(product_id__in=ids)
        .select_related("supplier")
    }
    default_lead = getattr(settings, "REORDER_DEFAULT_LEAD_DAYS", DEFAULT_LEAD_DAYS)
    lead, assumed, moq, supplier = [], [], [], []
    for p in products:
        t = terms.get(p.pk)
        own_lead = t.lead_time_days if t else None
        sup_lead = t.supplier.lead_time_days if t and t.supplier_id else None
        lead.append(own_lead or sup_lead or default_lead)
        assumed.append(not (own_lead or sup_lead))
        moq.append(
            (t.minimum_order_units if t and t.minimum_order_units else None)
            or (t.supplier.minimum_order_units if t and t.supplier_id else 1)
        )
        supplier.append(t.supplier.name if t and t.supplier_id else "")
    pool_units = np.array([max(pool.get(p.pk) or 0, 0) for p in products], dtype=np.float64)
    rates = np.array([demand.get(p.pk, 0.0) for p in products])
    result = reorders(
        pool_units=pool_units,
        daily_demand=rates,
        lead_days=np.array(lead, dtype=np.float64),
        minimum_order=np.array(moq, dtype=np.float64),
        safety_days=SAFETY_DAYS,
        review_days=REVIEW_DAYS,
        cycle_days=CYCLE_DAYS,
    )
    suggestions = []
    for i in np.flatnonzero(result.needed):
        order_by = today + datetime.timedelta(days=int(result.order_in_days[i]))
        suggestions.append(
            ReorderSuggestion(
                product=products[i],
                pool_units=int(pool_units[i]),
                daily_demand=round(float(rates[i]), 2),
                cover_days=float(result.cover_days[i]) if np.isfinite(result.cover_days[i]) else None,
                lead_time_days=int(lead[i]),
                lead_time_assumed=assumed[i],
                minimum_order_units=int(moq[i]),
                supplier=supplier[i],
                order_by=order_by,
                arrives_by=order_by + datetime.timedelta(days=int(lead[i])),
                quantity=int(result.quantity[i]),
            )
        )
    return suggestions
