"""What the pool's flags cost a month: low inventory, aged stock, more than 26 weeks of supply.

Pure arithmetic over one product's stock by node (no Django): the same bands the pool page
flags (`inventory.engine.pool`), priced with the fee bands' rates. Only fulfilment centres
charge these fees; units at the GWD or in AWD are not charged.

- Low inventory: a fulfilment centre whose available units cover fewer than 28 days of the
  sales it serves pays the rate per unit shipped: a month is 30 days of those sales.
- Aged: units older than 181 days at fulfilment centres, by volume, per month.
- Over 26 weeks of supply: every unit at fulfilment centres, by volume, per month, while
  they cover more than 26 weeks of all marketplaces' sales (or any stock with no sales).
"""

from __future__ import annotations

from dataclasses import dataclass

from inventory.engine.pool import LOW_INVENTORY_DAYS, UTILISATION_DAYS

DAYS_PER_MONTH = 30
LOW_INVENTORY, AGED, UTILISATION = "low_inventory", "aged", "utilisation"
BANDS = (LOW_INVENTORY, AGED, UTILISATION)


@dataclass(frozen=True)
class NodeState:
    is_fc: bool
    on_hand: int
    available: int
    aged: int
    daily_demand: float


def band_costs(
    nodes: list[NodeState], *, daily_demand: float, unit_cubic_feet: float, rates: dict[str, float | None]
) -> dict[str, float | None]:
    """Monthly cost of each band for one product; a band without a rate answers None."""
    fc = [n for n in nodes if n.is_fc]
    low_units = sum(
        n.daily_demand * DAYS_PER_MONTH
        for n in fc
        if n.daily_demand > 0 and n.available / n.daily_demand < LOW_INVENTORY_DAYS
    )
    aged_cubic_feet = sum(n.aged for n in fc) * unit_cubic_feet
    fc_on_hand = sum(n.on_hand for n in fc)
    over = fc_on_hand > 0 and (daily_demand <= 0 or fc_on_hand / daily_demand > UTILISATION_DAYS)
    quantity = {
        LOW_INVENTORY: low_units,
        AGED: aged_cubic_feet,
        UTILISATION: fc_on_hand * unit_cubic_feet if over else 0.0,
    }
    return {band: None if rates.get(band) is None else quantity[band] * rates[band] for band in BANDS}
