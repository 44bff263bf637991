"""The dashboard: where a signed-in seller lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from portal.models import JobRun


@login_required
def dashboard(request):
    recent = []
    if request.seller is not None:
        recent = list(JobRun.objects.for_seller(request.seller).order_by("-created_at")[:5])
    return render(request, "portal/dashboard.html", {"recent_jobs": recent})


urlpatterns = [path("", dashboard, name="dashboard")]
