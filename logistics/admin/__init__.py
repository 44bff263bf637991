"""Admin of the logistics app: one module per concern, each registering its models on import."""

from logistics.admin import (  # noqa: F401 - they register on import
    lanes,
    shipments,
    tracking,
)
