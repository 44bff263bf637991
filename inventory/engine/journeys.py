"""Chaining a journey's legs into one timeline with one ETA to the shelf (pure, no Django).

Each leg has what is known of it: when it started (or None), its own ETA (the carrier's, or
the plan's expected date), when it arrived (or None), and how long it takes once started.
A leg that has not started cannot end before the leg before it ends plus its own duration:
its chained ETA is the later of its own ETA and that. A leg is late when it has not arrived
and its chained ETA is past its promised date, or its own ETA has passed; an arrived leg is
late when it arrived after its promised date. The journey's ETA is the last leg's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Leg:
    kind: str
    started: datetime.date | None
    eta: datetime.date | None
    arrived: datetime.date | None
    promised: datetime.date | None
    duration_days: int = 0


@dataclass(frozen=True)
class ChainedLeg:
    leg: Leg
    eta: datetime.date | None
    late: bool
    late_days: int


def chain(legs: list[Leg], *, today: datetime.date) -> tuple[list[ChainedLeg], datetime.date | None]:
    """Each leg with its chained ETA and lateness, and the ETA to the shelf (None if unknown)."""
    result: list[ChainedLeg] = []
    previous: datetime.date | None = None
    for leg in legs:
        if leg.arrived is not None:
            eta = leg.arrived
        else:
            candidates = [d for d in (leg.eta,) if d is not None]
            if leg.started is None and previous is not None:
                candidates.append(previous + datetime.timedelta(days=leg.duration_days))
            elif leg.started is not None and leg.eta is None:
                candidates.append(leg.started + datetime.timedelta(days=leg.duration_days))
            if not candidates and previous is not None:
                candidates.append(previous)
            eta = max(candidates) if candidates else None
            if eta is not None and eta < today:
                eta = today  # not arrived: it arrives today at the earliest
        late_days = 0
        if leg.promised is not None and eta is not None and eta > leg.promised:
            late_days = (eta - leg.promised).days
        overdue = leg.arrived is None and leg.eta is not None and leg.eta < today
        result.append(ChainedLeg(leg=leg, eta=eta, late=late_days > 0 or overdue, late_days=late_days))
        previous = eta
    return result, previous
