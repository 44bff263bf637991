"""Domain errors of the inventory app; each carries the facts a caller needs."""

from __future__ import annotations

from portal.exceptions import Conflict


class InsufficientStock(Conflict):
    """Fewer units are available (or reserved) than the operation needs. Nothing changed."""

    code = "insufficient_stock"

    def __init__(self, *, sku: str, node: str, requested: int, available: int, state: str = "available"):
        self.sku = sku
        self.node = node
        self.requested = requested
        self.available = available
        self.state = state
        super().__init__(
            f"Only {available} units of {sku} are {state} at {node}; {requested} were requested.",
            fields={"quantity": [f"At most {available} ({state} at {node})."]},
        )
