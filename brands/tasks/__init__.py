"""Celery tasks of the brands app (imported here so the worker registers them)."""

from brands.tasks import monitoring, transparency

__all__ = ["monitoring", "transparency"]
