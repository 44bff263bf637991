"""Admin of the listings app: one module per concern, each registering its models on import."""

from listings.admin import (  # noqa: F401 - they register on import
    catalogue,
    content_rules,
    landed_costs,
    pricing,
)
