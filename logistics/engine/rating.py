"""Chargeable weight and freight: the rating engine, pure functions over arrays.

Units: weights in grams, dimensions in millimetres (DESIGN.md). Volumetric weight is
L×W×H in cm³ divided by the card's divisor (cm³ per kg). Chargeable weight is the larger
of actual and volumetric weight:

- per shipment (air, ocean, rail): total actual weight against total volumetric weight;
- per piece (express): each carton's larger weight, summed — how parcel carriers bill.

Freight on a "kg" card is chargeable kg × per kg. On a "wm" (weight or measure) ocean card
it is revenue tons × per cbm, where revenue tons are the larger of cubic metres and tonnes.
Fuel surcharge is a percentage of freight; the total is raised to the minimum charge.

The engine computes in float64 over whole arrays (lanes × cartons) so a comparison of many
lanes and cartons costs a few array operations; `to_money` turns each result into a Decimal
rounded half-up to the currency's minor unit. `chargeable_weight_kg` is the exact Decimal
reference the property tests hold the engine to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import numpy as np
from babel.numbers import get_currency_precision

GRAMS_PER_KG = 1000
MM3_PER_CM3 = 1000
CM3_PER_CBM = 1_000_000


@dataclass(frozen=True)
class Carton:
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int

    @property
    def volume_cm3(self) -> Decimal:
        return Decimal(self.length_mm * self.width_mm * self.height_mm) / MM3_PER_CM3


def volumetric_weight_kg(carton: Carton, *, divisor: int) -> Decimal:
    """Exact volumetric weight of one carton in kg."""
    return carton.volume_cm3 / Decimal(divisor)


def chargeable_weight_kg(cartons: Sequence[Carton], *, divisor: int, per_piece: bool = False) -> Decimal:
    """Exact chargeable weight in kg (the Decimal reference of the engine)."""
    if per_piece:
        return sum(
            (
                max(Decimal(c.weight_g) / GRAMS_PER_KG, volumetric_weight_kg(c, divisor=divisor))
                for c in cartons
            ),
            Decimal("0"),
        )
    actual = Decimal(sum(c.weight_g for c in cartons)) / GRAMS_PER_KG
    volumetric = sum((volumetric_weight_kg(c, divisor=divisor) for c in cartons), Decimal("0"))
    return max(actual, volumetric)


@dataclass(frozen=True)
class CartonArrays:
    """Cartons as arrays: weights (n,) in grams and volumes (n,) in cm³."""

    weight_g: np.ndarray
    volume_cm3: np.ndarray

    @classmethod
    def from_cartons(cls, cartons: Sequence[Carton]) -> CartonArrays:
        dims = np.array([(c.length_mm, c.width_mm, c.height_mm) for c in cartons], dtype=np.float64).reshape(
            -1, 3
        )
        return cls(
            weight_g=np.array([c.weight_g for c in cartons], dtype=np.float64),
            volume_cm3=dims.prod(axis=1) / MM3_PER_CM3,
        )

    @property
    def total_weight_kg(self) -> float:
        return float(self.weight_g.sum()) / GRAMS_PER_KG

    @property
    def total_volume_cbm(self) -> float:
        return float(self.volume_cm3.sum()) / CM3_PER_CBM


@dataclass(frozen=True)
class RateArrays:
    """Rate cards as arrays (m,): one entry per lane compared."""

    wm_basis: np.ndarray  # bool: weight-or-measure (per cbm) instead of per kg
    per_piece: np.ndarray  # bool: chargeable weight per carton (express)
    per_kg: np.ndarray
    per_cbm: np.ndarray
    divisor: np.ndarray
    min_charge: np.ndarray
    fuel_pct: np.ndarray


@dataclass(frozen=True)
class FreightArrays:
    """The engine's answer, one entry per lane (m,)."""

    actual_kg: np.ndarray
    volumetric_kg: np.ndarray
    chargeable_kg: np.ndarray
    revenue_tons: np.ndarray
    freight: np.ndarray
    fuel: np.ndarray
    min_charge_uplift: np.ndarray
    total: np.ndarray


def rate_freight(cartons: CartonArrays, rates: RateArrays) -> FreightArrays:
    """Freight for one carton set on m rate cards at once (no loops over lanes or cartons)."""
    m = rates.per_kg.shape[0]
    actual_kg = np.full(m, cartons.total_weight_kg)
    volumetric_kg = float(cartons.volume_cm3.sum()) / rates.divisor
    # Per-piece rating needs each carton under each card's divisor: an (express lanes × cartons)
    # matrix, built only for the lanes that rate per piece.
    per_piece_kg = np.zeros(m)
    pieces = np.flatnonzero(rates.per_piece)
    if pieces.size:
        volumetric_each = cartons.volume_cm3[np.newaxis, :] / rates.divisor[pieces, np.newaxis]
        per_piece_kg[pieces] = np.maximum(
            volumetric_each, (cartons.weight_g / GRAMS_PER_KG)[np.newaxis, :]
        ).sum(axis=1)
    chargeable_kg = np.where(rates.per_piece, per_piece_kg, np.maximum(actual_kg, volumetric_kg))
    revenue_tons = np.full(m, max(cartons.total_volume_cbm, cartons.total_weight_kg / 1000))
    freight = np.where(rates.wm_basis, revenue_tons * rates.per_cbm, chargeable_kg * rates.per_kg)
    fuel = freight * rates.fuel_pct / 100
    subtotal = freight + fuel
    total = np.maximum(subtotal, rates.min_charge)
    return FreightArrays(
        actual_kg=actual_kg,
        volumetric_kg=volumetric_kg,
        chargeable_kg=np.where(rates.wm_basis, revenue_tons * 1000, chargeable_kg),
        revenue_tons=revenue_tons,
        freight=freight,
        fuel=fuel,
        min_charge_uplift=total - subtotal,
        total=total,
    )


def to_money(value: float, currency: str) -> Decimal:
    """A float amount of the engine as Decimal, rounded half-up to the currency's minor unit.

    Rounding to 6 places first removes binary artefacts (2.675 stored as 2.67499999…),
    so the half-up rule applies to the amount the arithmetic meant.
    """
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    return Decimal(repr(round(float(value), 6))).quantize(places, rounding=ROUND_HALF_UP)


def to_kg(value: float) -> Decimal:
    """A weight for display: kg with three decimals (grams), rounded up as carriers do."""
    return Decimal(repr(round(float(value), 6))).quantize(Decimal("0.001"), rounding=ROUND_CEILING)


def unit_freight(*, weight_g: np.ndarray, volume_cm3: np.ndarray, rates: RateArrays) -> np.ndarray:
    """Freight and fuel of one unit of each product on each card, as an (m cards, k products) array.

    The unit's share of a full shipment: chargeable weight (or revenue tons on W/M cards) of
    the unit alone, without the minimum charge, which a consolidated shipment spreads over
    many units. Express cards rate per piece, which for one unit is the same rule.
    """
    actual_kg = (weight_g / GRAMS_PER_KG)[np.newaxis, :]
    volumetric_kg = volume_cm3[np.newaxis, :] / rates.divisor[:, np.newaxis]
    chargeable_kg = np.maximum(actual_kg, volumetric_kg)
    revenue_tons = np.maximum(volume_cm3 / CM3_PER_CBM, weight_g / GRAMS_PER_KG / 1000)[np.newaxis, :]
    freight = np.where(
        rates.wm_basis[:, np.newaxis],
        revenue_tons * rates.per_cbm[:, np.newaxis],
        chargeable_kg * rates.per_kg[:, np.newaxis],
    )
    return freight * (1 + rates.fuel_pct[:, np.newaxis] / 100)
