"""What the listings area puts on the dashboard and its own overview: blocked listings and
listings by state."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from listings.models import Listing
from portal.charts import chart
from portal.dashboard import Tile
from portal.models import Seller

# The order of the states in charts and counts: what sells first, what needs work next.
STATE_ORDER = [
    Listing.State.LIVE,
    Listing.State.PAUSED,
    Listing.State.BLOCKED,
    Listing.State.SUPPRESSED,
    Listing.State.DRAFT,
    Listing.State.ENDED,
]


def blocked_tiles(seller: Seller) -> list[Tile]:
    """Products with a blocked listing (as many as the matrix filtered on "Blocked" shows)."""
    blocked = Listing.objects.for_seller(seller).filter(state=Listing.State.BLOCKED)
    counts = blocked.aggregate(listings=Count("pk"), products=Count("product_id", distinct=True))
    return [
        Tile(
            label=_("Products with blocked listings"),
            figure=counts["products"],
            url=f"{reverse('listings:matrix')}?state={Listing.State.BLOCKED}",
            note=_("%(count)d listings blocked: see why and fix the product") % {"count": counts["listings"]},
            tone="alert" if counts["products"] else "ok",
        )
    ]


def state_counts(*, seller: Seller) -> list[tuple[str, str, int]]:
    """(state, label, listings) for every state, in STATE_ORDER (0 when none)."""
    rows = Listing.objects.for_seller(seller).values("state").annotate(n=Count("pk")).order_by()
    found = {row["state"]: row["n"] for row in rows}
    return [(state.value, state.label, found.get(state.value, 0)) for state in STATE_ORDER]


def states_by_marketplace_chart(*, seller: Seller) -> dict:
    """A stacked bar per marketplace: how many of its listings are in each state."""
    rows = (
        Listing.objects.for_seller(seller)
        .values("marketplace__code", "state")
        .annotate(n=Count("pk"))
        .order_by("marketplace__code")
    )
    codes = sorted({row["marketplace__code"] for row in rows})
    cells = {(row["marketplace__code"], row["state"]): row["n"] for row in rows}
    series = [
        (state.label, [cells.get((code, state.value), 0) for code in codes])
        for state in STATE_ORDER
        if any(cells.get((code, state.value)) for code in codes)
    ]
    return chart(
        chart_id="listing-states",
        kind="stacked-bar",
        title=_("Listings by state in each marketplace"),
        labels=codes,
        series=series,
    )


def recent_changes(*, seller: Seller, limit: int = 8) -> list[Listing]:
    """The listings synced last, with their product and marketplace (one query)."""
    return list(
        Listing.objects.for_seller(seller)
        .select_related("product", "marketplace")
        .only("pk", "state", "synced_at", "product__sku", "product__title", "marketplace__code")
        .order_by("-synced_at", "-pk")[:limit]
    )


def blocked_reasons(*, seller: Seller, limit: int = 6) -> list[tuple[str, int]]:
    """Why listings are blocked: each missing requirement with the number of listings it blocks."""
    counts: Counter[str] = Counter()
    blocked = Listing.objects.for_seller(seller).filter(state=Listing.State.BLOCKED)
    for reasons in blocked.values_list("blocked_reasons", flat=True):
        counts.update({str(reason.get("name", "")) for reason in reasons or [] if isinstance(reason, dict)})
    return counts.most_common(limit)
