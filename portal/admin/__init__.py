"""Admin of the portal app: one module per concern, each registering its models on import."""

from portal.admin import (  # noqa: F401 - they register on import
    api_keys,
    audit,
    idempotency,
    jobs,
    marketplaces,
    sellers,
    webhooks,
)
