"""`{% publish_outcome job.summary as outcome %}`: a publish job's summary as the page shows it."""

from django import template

from listings.models import Listing

register = template.Library()


@register.simple_tag
def publish_outcome(summary: dict) -> dict:
    """Total listings, marketplaces, and the count in each state (in the model's order, labelled)."""
    states = summary.get("states") or {}
    labels = dict(Listing.State.choices)
    return {
        "total": sum(states.values()),
        "marketplaces": len(summary.get("marketplaces") or []),
        "blocked": states.get(Listing.State.BLOCKED, 0),
        "states": [
            {"value": value, "label": labels[value], "count": states[value]}
            for value in labels
            if states.get(value)
        ],
    }
