"""Admin of the inventory app: one module per concern, each registering its models on import."""

from inventory.admin import (  # noqa: F401 - they register on import
    allocation_plans,
    inbound,
    orders,
    read_only,
    stock,
    transfers,
)
