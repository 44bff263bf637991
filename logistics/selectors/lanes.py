"""Reads of lanes: the overview of lanes with the rate cards valid on a day."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q

from logistics.models import Lane, RateCard


def lanes_overview(*, on: datetime.date) -> list[Lane]:
    """Every active lane with its program and the rate card valid on `on` (`current_card`)."""
    cards = RateCard.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    lanes = list(
        Lane.objects.filter(active=True, program__is_active=True)
        .select_related("program")
        .prefetch_related(
            Prefetch("rate_cards", queryset=cards.order_by("-valid_from"), to_attr="valid_cards")
        )
    )
    for lane in lanes:
        lane.current_card = lane.valid_cards[0] if lane.valid_cards else None
        lane.is_open = lane.is_valid_on(on)
    return lanes
