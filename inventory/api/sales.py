"""`/api/v1/sales/`: the sales history per product, marketplace and day; and its import.

`POST /api/v1/sales/import/` takes a CSV file (multipart field `file`) or JSON
`{"rows": [{"sku", "marketplace", "date", "units"}, ...]}`. Good rows are imported and
bad rows are answered by line (the file's line, or the row's 1-based position in
`rows`), with the field and the reason; it answers 200 when every row was imported and
207 when some were refused.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from inventory.models import SalesDay
from inventory.services.sales_import import MAX_ROWS, import_sales_rows, read_sales_csv
from portal.api.idempotency import idempotent
from portal.api.pagination import PortalCursorPagination
from portal.api.viewsets import SellerReadOnlyViewSet
from portal.exceptions import InvalidInput

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SalesDaySerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku")
    marketplace = serializers.CharField(source="marketplace.code")

    class Meta:
        model = SalesDay
        fields = ["id", "sku", "marketplace", "day", "units"]


class SalesRowSerializer(serializers.Serializer):
    sku = serializers.CharField(allow_blank=True)
    marketplace = serializers.CharField(allow_blank=True)
    date = serializers.CharField(allow_blank=True)
    units = serializers.CharField(allow_blank=True)


class SalesImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False, help_text="CSV with a header row: sku,marketplace,date,units."
    )
    rows = SalesRowSerializer(many=True, required=False, max_length=MAX_ROWS)


SalesImportReportSerializer = inline_serializer(
    "SalesImportReport",
    fields={
        "rows": serializers.IntegerField(),
        "imported_rows": serializers.IntegerField(),
        "refused_rows": serializers.IntegerField(),
        "days_written": serializers.IntegerField(),
        "errors": inline_serializer(
            "SalesImportRowError",
            fields={
                "line": serializers.IntegerField(),
                "field": serializers.CharField(),
                "message": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class SalesDayFilter(django_filters.FilterSet):
    sku = django_filters.CharFilter(field_name="product__sku")
    marketplace = django_filters.CharFilter(field_name="marketplace__code")
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte")
    day_to = django_filters.DateFilter(field_name="day", lookup_expr="lte")

    class Meta:
        model = SalesDay
        fields = ["sku", "marketplace"]


class DayCursorPagination(PortalCursorPagination):
    ordering = ("-day", "-id")
    max_page_size = 1000


class SalesDayViewSet(SellerReadOnlyViewSet):
    """Units sold per product, marketplace and (marketplace-local) day."""

    queryset = SalesDay.objects.none()
    serializer_class = SalesDaySerializer
    filterset_class = SalesDayFilter
    pagination_class = DayCursorPagination
    required_scopes = {"read": "inventory:read", "write": "inventory:write"}

    def get_queryset(self):
        return SalesDay.objects.for_seller(self.seller).select_related("product", "marketplace")

    @extend_schema(
        request={"multipart/form-data": SalesImportSerializer, "application/json": SalesImportSerializer},
        responses={
            200: SalesImportReportSerializer,
            207: OpenApiResponse(
                SalesImportReportSerializer, description="Some rows were refused (see errors)."
            ),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    @idempotent
    def import_rows(self, request):
        """Import past sales; bad rows are reported by line, good rows are imported."""
        serializer = SalesImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data.get("file")
        rows = serializer.validated_data.get("rows")
        if (upload is None) == (rows is None):
            raise InvalidInput(
                fields={"file": ["Send either a CSV file (field `file`) or JSON `rows`, not both."]}
            )
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise InvalidInput(fields={"file": [f"At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."]})
            numbered = read_sales_csv(upload.read())
        else:
            numbered = [(index + 1, dict(row)) for index, row in enumerate(rows)]
        report = import_sales_rows(seller=self.seller, rows=numbered)
        answer = status.HTTP_207_MULTI_STATUS if report.errors else status.HTTP_200_OK
        return Response(report.as_dict(), status=answer)
