"""Chargeable weight: the larger of actual and volumetric weight, exactly as carriers bill."""

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.engine.rating import (
    Carton,
    CartonArrays,
    RateArrays,
    chargeable_weight_kg,
    rate_freight,
    to_money,
    volumetric_weight_kg,
)

cartons_strategy = st.lists(
    st.builds(
        Carton,
        weight_g=st.integers(1, 60_000),
        length_mm=st.integers(10, 1500),
        width_mm=st.integers(10, 1200),
        height_mm=st.integers(10, 1200),
    ),
    min_size=1,
    max_size=40,
)


def rates(*, divisor, per_kg="1", per_piece=False, wm=False, per_cbm="0", min_charge="0", fuel="0"):
    return RateArrays(
        wm_basis=np.array([wm]),
        per_piece=np.array([per_piece]),
        per_kg=np.array([float(per_kg)]),
        per_cbm=np.array([float(per_cbm)]),
        divisor=np.array([float(divisor)]),
        min_charge=np.array([float(min_charge)]),
        fuel_pct=np.array([float(fuel)]),
    )


def test_a_light_bulky_carton_is_charged_on_its_volume():
    carton = Carton(weight_g=5_000, length_mm=600, width_mm=500, height_mm=400)  # 120,000 cm³
    assert volumetric_weight_kg(carton, divisor=6000) == Decimal("20")
    assert chargeable_weight_kg([carton], divisor=6000) == Decimal("20")


def test_a_dense_carton_is_charged_on_its_weight():
    carton = Carton(weight_g=25_000, length_mm=400, width_mm=300, height_mm=300)  # 6 kg volumetric
    assert chargeable_weight_kg([carton], divisor=6000) == Decimal("25")


def test_per_piece_rating_charges_each_carton_its_larger_weight():
    heavy = Carton(weight_g=20_000, length_mm=300, width_mm=300, height_mm=300)  # 5.4 kg volumetric
    bulky = Carton(weight_g=2_000, length_mm=600, width_mm=500, height_mm=500)  # 30 kg volumetric
    assert chargeable_weight_kg([heavy, bulky], divisor=5000, per_piece=True) == Decimal("50")  # 20 + 30
    assert chargeable_weight_kg([heavy, bulky], divisor=5000, per_piece=False) == Decimal("35.4")


@settings(max_examples=200, deadline=None)
@given(cartons=cartons_strategy, divisor=st.sampled_from([4000, 5000, 6000, 8000]), per_piece=st.booleans())
def test_the_array_engine_agrees_with_the_exact_reference(cartons, divisor, per_piece):
    result = rate_freight(CartonArrays.from_cartons(cartons), rates(divisor=divisor, per_piece=per_piece))
    exact = chargeable_weight_kg(cartons, divisor=divisor, per_piece=per_piece)
    assert abs(Decimal(repr(float(result.chargeable_kg[0]))) - exact) < Decimal("0.000001")
    # Chargeable weight is never below the actual weight, nor below the volumetric weight.
    actual = Decimal(sum(c.weight_g for c in cartons)) / 1000
    volumetric = sum((volumetric_weight_kg(c, divisor=divisor) for c in cartons), Decimal(0))
    assert exact >= actual
    assert exact >= volumetric
    assert exact == max(actual, volumetric) or per_piece


def test_weight_or_measure_charges_cubic_metres_when_they_exceed_tonnes():
    cartons = [Carton(weight_g=150_000, length_mm=1000, width_mm=1000, height_mm=1000)] * 2  # 2 cbm, 0.3 t
    result = rate_freight(CartonArrays.from_cartons(cartons), rates(divisor=1000, wm=True, per_cbm="150"))
    assert to_money(result.freight[0], "USD") == Decimal("300.00")
    assert result.revenue_tons[0] == 2


def test_fuel_surcharge_and_minimum_charge():
    cartons = [Carton(weight_g=10_000, length_mm=300, width_mm=300, height_mm=300)]
    result = rate_freight(CartonArrays.from_cartons(cartons), rates(divisor=6000, per_kg="6.20", fuel="12"))
    assert to_money(result.freight[0], "USD") == Decimal("62.00")
    assert to_money(result.fuel[0], "USD") == Decimal("7.44")
    assert to_money(result.total[0], "USD") == Decimal("69.44")
    floored = rate_freight(
        CartonArrays.from_cartons(cartons), rates(divisor=6000, per_kg="6.20", fuel="12", min_charge="120")
    )
    assert to_money(floored.total[0], "USD") == Decimal("120.00")
    assert to_money(floored.min_charge_uplift[0], "USD") == Decimal("50.56")


def test_money_is_rounded_half_up_to_the_currency_minor_unit():
    assert to_money(2.675, "USD") == Decimal("2.68")
    assert to_money(1234.5, "JPY") == Decimal("1235")
