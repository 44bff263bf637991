"""Reads of a seller's job runs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from portal.models import JobRun, Seller


def recent_jobs(*, seller: Seller) -> QuerySet[JobRun]:
    """The seller's runs, newest first, with who started them."""
    return JobRun.objects.for_seller(seller).select_related("started_by").order_by("-created_at", "-id")


def access_job(*, seller: Seller, job_id: int) -> JobRun:
    """One run of this seller; Http404 whether it does not exist or is another seller's."""
    job = recent_jobs(seller=seller).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job.")
    return job
