"""The operators' admin of brand protection, one module per concern (they register on import)."""

from brands.admin import monitoring, registry, takedowns, transparency  # noqa: F401
