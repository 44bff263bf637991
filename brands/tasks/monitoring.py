"""Brand monitoring tasks: the nightly whole-catalogue run and the check after a publish."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import TRANSIENT_ERRORS


@shared_task(
    name="brands.tasks.monitoring.monitor_catalogue",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    max_retries=3,
)
def monitor_catalogue() -> int:
    """Nightly: every live listing of every seller against every verified brand."""
    from brands.services.monitoring import run_monitoring

    return run_monitoring().pk


@shared_task(
    name="brands.tasks.monitoring.monitor_products",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    max_retries=5,
)
def monitor_products(product_ids: list[int]) -> int:
    """Minutes after a publish: the listings of the products just published (idempotent:
    a product already in a case refreshes that case)."""
    from brands.services.monitoring import run_monitoring

    return run_monitoring(product_ids=product_ids).pk
