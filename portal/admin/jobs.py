"""Admin of job runs."""

from django.contrib import admin

from portal.models import (
    JobRun,
)


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "seller",
        "status",
        "progress_done",
        "progress_total",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "kind", "seller"]
    search_fields = ["kind", "error", "seller__name"]
    list_select_related = ["seller"]
    date_hierarchy = "created_at"
    readonly_fields = ["started_by", "started_by_api_key", "created_at", "started_at", "finished_at"]
