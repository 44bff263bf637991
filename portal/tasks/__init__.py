"""Celery tasks of the portal app, one module per concern; imported here so the worker's
autodiscovery (which imports `portal.tasks`) registers every one."""

from portal.tasks import (  # noqa: F401 - registers the tasks
    base,
    idempotency,
    jobs,
    marketplace_readiness,
    webhooks,
)
