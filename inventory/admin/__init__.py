"""Admin of the inventory app: one module per concern, each registering its models on import."""

from inventory.admin import (  # noqa: F401 - they register on import
    fee_bands,
    inbound,
    journeys,
    orders,
    read_only,
    shopify,
    stock,
    transfers,
)
