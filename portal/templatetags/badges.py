"""One status badge for every state the seller sees: colour, icon and text.

`{% load badges %}{% status_badge listing.state listing.get_state_display %}` renders
a `<span class="badge badge-good">` with a decorative icon and the text "Live". The tone
(and so the colour and icon) comes from the state's value, the same everywhere: a listing
that is live and a shipment that is delivered are both "good". The text is the label given
(the model's translated choice label), never the raw value. Unknown values are neutral.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

# tone → icon. Icons are decorative: the text carries the meaning (colour-blind users, axe).
ICONS = {"good": "✓", "active": "➜", "wait": "⏸", "bad": "!", "muted": "–", "draft": "✎"}
TONES = {
    # listings
    "live": "good",
    "active": "good",
    "paused": "wait",
    "blocked": "bad",
    "suppressed": "bad",
    "ended": "muted",
    "archived": "muted",
    "draft": "draft",
    # shipments and tracking
    "booked": "active",
    "pending": "wait",
    "info_received": "active",
    "picked_up": "active",
    "departed_origin": "active",
    "in_transit": "active",
    "arrived_destination_port": "active",
    "customs_cleared": "active",
    "out_for_delivery": "active",
    "customs_hold": "bad",
    "delayed": "bad",
    "late": "bad",
    "silent": "bad",
    "delivered": "good",
    "exception": "bad",
    "returned": "bad",
    "cancelled": "muted",
    # inbound, transfers, orders
    "submitted": "active",
    "partially_received": "active",
    "received": "good",
    "closed": "muted",
    "open": "wait",
    "reserved": "active",
    "partially_reserved": "wait",
    "backordered": "wait",
    "shipped": "good",
    "released": "muted",
    # jobs
    "queued": "wait",
    "running": "active",
    "succeeded": "good",
    "failed": "bad",
    # readiness, compliance
    "ready": "good",
    "missing": "bad",
    "expired": "bad",
    "expiring": "wait",
}


def tone_of(value: str) -> str:
    return TONES.get(str(value), "muted")


@register.simple_tag
def status_badge(value, label=None):
    """A badge for `value` (a state's stored value) reading `label` (its display text)."""
    tone = tone_of(value)
    text = label if label not in (None, "") else str(value).replace("_", " ")
    return format_html(
        '<span class="badge badge-{} badge-state-{}">'
        '<span class="badge-icon" aria-hidden="true">{}</span> <span class="badge-text">{}</span></span>',
        tone,
        value,
        ICONS[tone],
        text,
    )


@register.simple_tag
def yes_no_badge(flag, yes_label=None, no_label=None):
    """A good/bad badge for a yes-or-no fact (e.g. "Ready" / "Not ready")."""
    if flag:
        return status_badge("ready", yes_label or _("Yes"))
    return status_badge("missing", no_label or _("No"))
