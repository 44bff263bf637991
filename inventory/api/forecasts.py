"""Partner API of demand forecasts and market stages, and starting a forecast run.

- `GET /api/v1/forecasts/` — the newest forecast of each product × marketplace (filters
  `product`, `sku`, `marketplace`): the weeks ahead with mean, p10, p50, p90.
- `GET /api/v1/market-stages/` — the current stage of each product × marketplace with its
  reason; `?history=1` lists every decision, newest first.
- `POST /api/v1/forecast-runs/` — start a forecast run; answers 202 with the job to poll
  at `/api/v1/jobs/{id}/`.
"""

from __future__ import annotations

import django_filters
from django.db.models import Max
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from inventory.models import Forecast, MarketStage
from inventory.services.forecasts import start_forecast_run
from portal.api.idempotency import idempotent
from portal.api.pagination import PortalCursorPagination
from portal.api.viewsets import SellerReadOnlyViewSet, SellerScopedMixin
from portal.models import JobRun

SCOPES = {"read": "inventory:read", "write": "inventory:write"}


class ForecastSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    marketplace = serializers.CharField(source="marketplace.code", read_only=True)
    weeks = serializers.SerializerMethodField()

    class Meta:
        model = Forecast
        fields = [
            "id",
            "product",
            "sku",
            "marketplace",
            "made_at",
            "first_week",
            "method",
            "cold_start",
            "note",
            "backtest_wape",
            "weeks",
        ]

    def get_weeks(self, obj) -> list[dict]:
        """One entry per week ahead: {"week", "mean", "p10", "p50", "p90"}."""
        import datetime

        start = datetime.date.fromisoformat(obj.weeks["start"])
        return [
            {
                "week": (start + datetime.timedelta(weeks=i)).isoformat(),
                **{name: obj.weeks[name][i] for name in ("mean", "p10", "p50", "p90")},
            }
            for i in range(len(obj.weeks["mean"]))
        ]


class SeriesFilter(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    sku = django_filters.CharFilter(field_name="product__sku")
    marketplace = django_filters.CharFilter(field_name="marketplace__code")


class ForecastFilter(SeriesFilter):
    class Meta:
        model = Forecast
        fields = ["sku", "marketplace"]


class MarketStageFilter(SeriesFilter):
    stage = django_filters.ChoiceFilter(choices=MarketStage.Stage.choices)

    class Meta:
        model = MarketStage
        fields = ["sku", "marketplace", "stage"]


class SeriesPagination(PortalCursorPagination):
    ordering = ("id",)
    max_page_size = 1000


class NewestFirstPagination(SeriesPagination):
    ordering = ("-id",)


class ForecastViewSet(SellerReadOnlyViewSet):
    """The newest forecast of each of your product × marketplace series."""

    queryset = Forecast.objects.none()
    serializer_class = ForecastSerializer
    filterset_class = ForecastFilter
    pagination_class = SeriesPagination
    required_scopes = SCOPES

    def get_queryset(self):
        mine = Forecast.objects.for_seller(self.seller)
        newest = mine.aggregate(at=Max("made_at"))["at"]
        return mine.filter(made_at=newest).select_related("product", "marketplace")


class MarketStageSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    marketplace = serializers.CharField(source="marketplace.code", read_only=True)

    class Meta:
        model = MarketStage
        fields = ["id", "product", "sku", "marketplace", "stage", "reason", "numbers", "decided_at"]


@extend_schema(parameters=[OpenApiParameter("history", bool, description="1: every decision, newest first.")])
class MarketStageViewSet(SellerReadOnlyViewSet):
    """The current market stage of each series with its reason (or their history)."""

    queryset = MarketStage.objects.none()
    serializer_class = MarketStageSerializer
    filterset_class = MarketStageFilter
    pagination_class = NewestFirstPagination
    required_scopes = SCOPES

    def get_queryset(self):
        mine = MarketStage.objects.for_seller(self.seller).select_related("product", "marketplace")
        if self.request.query_params.get("history") in ("1", "true"):
            return mine
        newest = mine.aggregate(at=Max("decided_at"))["at"]
        return mine.filter(decided_at=newest)


class ForecastRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobRun
        fields = ["id", "kind", "status", "progress_done", "progress_total", "created_at"]


class ForecastRunViewSet(SellerScopedMixin, viewsets.GenericViewSet):
    """Start a forecast run of all your series."""

    queryset = JobRun.objects.none()
    serializer_class = ForecastRunSerializer
    required_scopes = SCOPES

    @extend_schema(request=None, responses={202: ForecastRunSerializer})
    @idempotent
    def create(self, request):
        job = start_forecast_run(
            seller=self.seller,
            started_by=request.user,
            api_key=request.auth if hasattr(request.auth, "scopes") else None,
        )
        return Response(ForecastRunSerializer(job).data, status=status.HTTP_202_ACCEPTED)
