"""The jobs pages: the seller's recent job runs, one run with its live progress, the demo job.

URL names (no namespace): `jobs`, `job_detail`, `job_progress`, `job_start_demo`.
The progress partial is polled by htmx every second while the run is queued or running;
once it has finished the partial renders without the polling attributes, which stops it.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from portal.jobs import job_kind_choices
from portal.models import JobRun
from portal.selectors.jobs import access_job, recent_jobs
from portal.services.marketplace_readiness import start_marketplace_readiness_check
from portal.tenancy import tenant_object_view

JOBS_PER_PAGE = 25


class JobRunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=JobRun.Status.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=job_kind_choices, empty_label=_("All"))

    class Meta:
        model = JobRun
        fields = ["status", "kind"]


def _seller_required(request) -> None:
    # A signed-in user without any seller has no jobs to see.
    if request.seller is None:
        raise PermissionDenied(_("You do not belong to any seller yet."))


@login_required
@require_GET
def job_list(request):
    _seller_required(request)
    job_filter = JobRunFilter(request.GET, queryset=recent_jobs(seller=request.seller))
    page = Paginator(job_filter.qs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": job_filter,
        "page": page,
        "jobs": page.object_list,
        "filter_query": query.urlencode(),
        # While a run on the page is unfinished the table refreshes itself.
        "refresh": any(not job.is_finished for job in page.object_list),
        "can_write": request.membership.can_write,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "portal/jobs.html#job-table", context)
    return render(request, "portal/jobs.html", context)


@tenant_object_view(JobRun)
@login_required
@require_GET
def job_detail(request, job_id: int):
    _seller_required(request)
    job = access_job(seller=request.seller, job_id=job_id)
    return render(request, "portal/job_detail.html", {"job": job})


@tenant_object_view(JobRun)
@login_required
@require_GET
def job_progress(request, job_id: int):
    _seller_required(request)
    job = access_job(seller=request.seller, job_id=job_id)
    return render(request, "portal/job_detail.html#job-progress", {"job": job})


@login_required
@require_POST
def job_start_demo(request):
    _seller_required(request)
    if not request.membership.can_write:
        raise PermissionDenied(_("Viewers cannot start jobs."))
    job = start_marketplace_readiness_check(seller=request.seller, started_by=request.user)
    return redirect("job_detail", job_id=job.pk)


urlpatterns = [
    path("", job_list, name="jobs"),
    path("demo/", job_start_demo, name="job_start_demo"),
    path("<int:job_id>/", job_detail, name="job_detail"),
    path("<int:job_id>/progress/", job_progress, name="job_progress"),
]
