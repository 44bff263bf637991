"""MCF outcome figures: stock available day by day, rebuilt from the ledger (pure numpy).

`daily_available(current, product_idx, day_idx, delta, n_days)` answers an (SKUs × days) array
of the units available at the end of each day of a window: today's availability less every
change made after that day. Changes after the window carry `day_idx >= n_days`.
"""

from __future__ import annotations

import numpy as np


def daily_available(
    current: np.ndarray, product_idx: np.ndarray, day_idx: np.ndarray, delta: np.ndarray, n_days: int
) -> np.ndarray:
    k = current.shape[0]
    grid = np.zeros((k, n_days + 1), dtype=np.int64)
    np.add.at(grid, (product_idx, np.minimum(day_idx, n_days)), delta)
    # Changes after day d: those of days d+1 … and after the window.
    after = np.cumsum(grid[:, ::-1], axis=1)[:, ::-1]  # after[:, d] = changes on day d or later
    later = np.concatenate([after[:, 1:], np.zeros((k, 1), dtype=np.int64)], axis=1)[:, :n_days]
    return current[:, np.newaxis] - later
