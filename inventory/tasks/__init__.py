"""Celery tasks of the inventory app, one module per concern; imported here so the worker's
autodiscovery (which imports `inventory.tasks`) registers every one."""

from inventory.tasks import (  # noqa: F401 - registers the tasks
    forecasts,
    orders,
    reconciliation,
    shopify,
    storage,
)
