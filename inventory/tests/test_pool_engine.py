"""The pool engine against a plain FIFO walk, on any movements."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from inventory.engine.pool import days_of_supply, fifo_aged_units


def walk(movements, older_than):
    """The obvious per-group FIFO: a queue of arrivals, outflows taken from the front."""
    result = {}
    for group in {m[0] for m in movements}:
        arrivals = sorted(([age, q] for g, age, q in movements if g == group and q > 0), key=lambda x: -x[0])
        out = sum(-q for g, _, q in movements if g == group and q < 0)
        for arrival in arrivals:
            take = min(out, arrival[1])
            arrival[1] -= take
            out -= take
        result[group] = sum(q for age, q in arrivals if age > older_than)
    return result


movement = st.tuples(st.integers(0, 4), st.integers(0, 400), st.integers(-50, 80).filter(lambda q: q != 0))


@given(st.lists(movement, max_size=60))
def test_fifo_ageing_matches_a_plain_walk(movements):
    groups = np.array([m[0] for m in movements], dtype=np.int64)
    ages = np.array([m[1] for m in movements], dtype=np.float64)
    deltas = np.array([m[2] for m in movements], dtype=np.int64)
    aged = fifo_aged_units(groups, ages, deltas, 5, 181)
    expected = walk(movements, 181)
    assert [int(aged[g]) for g in range(5)] == [expected.get(g, 0) for g in range(5)]


def test_oldest_units_leave_first():
    # 100 arrived 300 days ago, 50 arrived 10 days ago, 80 left: 20 old units remain.
    aged = fifo_aged_units(np.array([0, 0, 0]), np.array([300, 10, 5.0]), np.array([100, 50, -80]), 1, 181)
    assert aged.tolist() == [20]


def test_days_of_supply_over_the_markets_a_node_serves_first():
    available = np.array([[280, 0], [0, 5]])
    demand = np.array([[6.0, 4.0, 0.0], [0.0, 0.0, 0.0]])  # US, CA, DE per day
    primary = np.array([[1, 0], [1, 0], [0, 1]])  # US and CA → node 0 (remote CA), DE → node 1
    days = days_of_supply(available, demand, primary)
    assert days[0, 0] == 28.0
    assert np.isnan(days[0, 1])
    assert days[1, 1] == np.inf
