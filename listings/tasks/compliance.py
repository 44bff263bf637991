"""The daily compliance task: flags documents that expire soon."""

from __future__ import annotations

from celery import shared_task

from listings.services.compliance import flag_expiring_documents
from listings.services.imports import purge_stale_imports


@shared_task(name="listings.tasks.flag_expiring_compliance_documents")
def flag_expiring_compliance_documents() -> int:
    """Daily: flag the compliance documents that expire soon (see the service)."""
    return flag_expiring_documents()


@shared_task(name="listings.tasks.purge_stale_imports")
def purge_stale_import_files() -> int:
    """Hourly: delete the staged import files nobody confirmed or cancelled (see the service)."""
    return purge_stale_imports()
