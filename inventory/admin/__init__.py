"""Admin of the inventory app: one module per concern, each registering its models on import."""

from inventory.admin import (  # noqa: F401 - they register on import
    inbound,
    orders,
    read_only,
    shopify,
    stock,
    transfers,
)
