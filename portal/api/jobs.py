"""`GET /api/v1/jobs/` and `GET /api/v1/jobs/{id}/`: the seller's background job runs."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from portal.api.viewsets import SellerReadOnlyViewSet
from portal.jobs import job_kind_choices, job_kind_label
from portal.models import JobRun
from portal.selectors.jobs import recent_jobs


class JobRunSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True, help_text=_("0–100; 100 once succeeded."))
    started_by = serializers.SerializerMethodField(
        help_text=_("Who started the run: a member (`user`), an API key (`api_key`) or the schedule.")
    )

    class Meta:
        model = JobRun
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "summary",
            "error",
            "attempts",
            "started_by",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_kind_label(self, job) -> str:
        return str(job_kind_label(job.kind))

    def get_started_by(self, job) -> str:
        if job.started_by_id:
            return "user"
        if job.started_by_api_key_id:
            return "api_key"
        return "schedule"


class JobRunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=JobRun.Status.choices)
    kind = django_filters.ChoiceFilter(choices=job_kind_choices)
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = JobRun
        fields = ["status", "kind", "created_after", "created_before"]


@extend_schema_view(
    list=extend_schema(
        tags=["jobs"],
        description=_(
            "The seller's job runs, newest first, cursor-paginated; filter by status, kind and time."
        ),
    ),
    retrieve=extend_schema(
        tags=["jobs"], description=_("One job run with its progress. Another seller's run is a 404.")
    ),
)
class JobRunViewSet(SellerReadOnlyViewSet):
    """The seller's job runs (read only)."""

    queryset = JobRun.objects.none()
    serializer_class = JobRunSerializer
    filterset_class = JobRunFilter
    required_scopes = {"read": "jobs:read"}
    # The kinds are registered by every app as it loads: listed when the schema is built.
    query_enums = {"kind": job_kind_choices}

    def get_queryset(self):
        return recent_jobs(seller=self.seller)
