"""Domain errors of the inventory app; each carries the facts a caller needs."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exceptions import Conflict

# The balance states a refusal names (`InsufficientStock.state` keeps the English key).
STATE_LABELS = {
    "available": gettext_lazy("available"),
    "reserved": gettext_lazy("reserved"),
    "inbound": gettext_lazy("inbound"),
    "in transit": gettext_lazy("in transit"),
}


class InsufficientStock(Conflict):
    """Fewer units are available (or reserved) than the operation needs. Nothing changed."""

    code = "insufficient_stock"

    def __init__(self, *, sku: str, node: str, requested: int, available: int, state: str = "available"):
        self.sku = sku
        self.node = node
        self.requested = requested
        self.available = available
        self.state = state
        facts = {
            "available": available,
            "sku": sku,
            "state": STATE_LABELS.get(state, state),
            "node": node,
            "requested": requested,
        }
        super().__init__(
            _("Only %(available)d units of %(sku)s are %(state)s at %(node)s; %(requested)d were requested.")
            % facts,
            fields={"quantity": [_("At most %(available)d (%(state)s at %(node)s).") % facts]},
        )
