"""Celery tasks of the listings app, one module per concern; imported here so the worker's
autodiscovery (which imports `listings.tasks`) registers every one."""

from listings.tasks import (  # noqa: F401 - registers the tasks
    compliance,
    pricing,
    publishing,
)
