"""Partner API of allocation plans and the rules that steer them.

- `/allocation-plans/`: list, detail with lines; POST starts a planning run (202 with the
  job; Idempotency-Key honoured); `/{id}/approve/` (all waiting lines or `lines: [ids]`)
  creates the transfers once; `/{id}/reject/` with a reason.
- `/allocation-rules/`: CRUD of the per product × marketplace rules.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inventory.models import AllocationPlan, AllocationPlanLine, AllocationRule
from inventory.services.allocation_plans import (
    approve_plan,
    reject_plan,
    save_allocation_rule,
    start_allocation_plan,
)
from portal.api.fields import id_field, quantity_field
from portal.api.idempotency import idempotent, run_idempotently
from portal.api.jobs import JobRunSerializer
from portal.api.pagination import CreatedCursorPagination, IdCursorPagination
from portal.api.viewsets import SellerModelViewSet, SellerScopedMixin
from portal.models import APIKey

INVENTORY_SCOPES = {"read": "inventory:read", "write": "inventory:write"}


def _key(request):
    return request.auth if isinstance(request.auth, APIKey) else None


class PlanLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    from_node = serializers.CharField(source="from_node.code", read_only=True)
    to_node = serializers.CharField(source="to_node.code", read_only=True)
    marketplace = serializers.CharField(source="marketplace.code", read_only=True, default=None)
    lane = serializers.CharField(source="lane.code", read_only=True, default=None)
    transfer = serializers.CharField(source="transfer.reference", read_only=True, default=None)

    class Meta:
        model = AllocationPlanLine
        fields = [
            "id",
            "product",
            "sku",
            "kind",
            "from_node",
            "to_node",
            "marketplace",
            "units",
            "suggested_units",
            "lane",
            "freight_cost",
            "value",
            "service_level",
            "reason",
            "status",
            "transfer",
        ]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllocationPlan
        fields = ["id", "status", "currency", "summary", "created_at", "decided_at", "reject_reason", "job"]


class PlanDetailSerializer(PlanSerializer):
    lines = PlanLineSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "lines"]


class ApproveInput(serializers.Serializer):
    lines = serializers.ListField(
        child=id_field(),
        required=False,
        allow_null=True,
        default=None,
        max_length=100_000,
        help_text="Line ids to approve; omit to approve every waiting line.",
    )


class RejectInput(ApproveInput):
    reason = serializers.CharField(max_length=300, help_text="Why, in a few words.")


@extend_schema_view(
    list=extend_schema(summary="Allocation plans, newest first"),
    retrieve=extend_schema(summary="One plan with its lines (each with its reason)"),
)
class AllocationPlanViewSet(
    SellerScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Plans of pool stock to send to the marketplaces' nodes, for sign-off."""

    queryset = AllocationPlan.objects.none()
    serializer_class = PlanSerializer
    required_scopes = INVENTORY_SCOPES
    pagination_class = CreatedCursorPagination

    def get_queryset(self):
        plans = AllocationPlan.objects.for_seller(self.seller)
        if self.action == "retrieve":
            lines = AllocationPlanLine.objects.for_seller(self.seller).select_related(
                "product", "from_node", "to_node", "marketplace", "lane", "transfer"
            )
            plans = plans.prefetch_related(Prefetch("lines", queryset=lines.order_by("-value", "id")))
        return plans

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    @extend_schema(
        request=None,
        responses={202: JobRunSerializer},
        summary="Start a planning run on the allocation queue (Idempotency-Key honoured); 202 with the job",
    )
    def create(self, request, *args, **kwargs):
        return run_idempotently(self, request, lambda: self._start(request))

    def _start(self, request):
        job = start_allocation_plan(seller=self.seller, started_by=request.user, api_key=_key(request))
        return Response(JobRunSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=ApproveInput,
        responses={
            200: PlanDetailSerializer,
            400: OpenApiResponse(description="Unknown line ids, or the source no longer holds the units."),
        },
        summary="Approve every waiting line or the listed ones: one transfer per route, created once",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        plan = self.get_object()
        data = ApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        approve_plan(
            seller=self.seller,
            plan=plan,
            line_ids=data.validated_data["lines"],
            actor=request.user,
            api_key=_key(request),
        )
        return Response(PlanDetailSerializer(self._detail(plan)).data)

    @extend_schema(
        request=RejectInput,
        responses={
            200: PlanDetailSerializer,
            400: OpenApiResponse(description="No reason, or unknown lines."),
        },
        summary="Reject every waiting line or the listed ones, with a reason",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def reject(self, request, pk=None):
        plan = self.get_object()
        data = RejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        reject_plan(
            seller=self.seller,
            plan=plan,
            reason=data.validated_data["reason"],
            line_ids=data.validated_data["lines"],
            actor=request.user,
            api_key=_key(request),
        )
        return Response(PlanDetailSerializer(self._detail(plan)).data)

    def _detail(self, plan):
        self.action = "retrieve"
        return self.get_queryset().get(pk=plan.pk)


class RuleSerializer(serializers.ModelSerializer):
    product = id_field(source="product_id")
    sku = serializers.CharField(source="product.sku", read_only=True)
    marketplace = serializers.CharField(source="marketplace.code", max_length=2)
    pinned_lane = serializers.CharField(
        source="pinned_lane.code", allow_null=True, required=False, default=None
    )
    min_units = quantity_field(min_value=0, allow_null=True, required=False, default=None)
    max_units = quantity_field(min_value=0, allow_null=True, required=False, default=None)
    service_level = serializers.DecimalField(
        max_digits=4, decimal_places=3, allow_null=True, required=False, default=None
    )
    exclude = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = AllocationRule
        fields = [
            "id",
            "product",
            "sku",
            "marketplace",
            "exclude",
            "min_units",
            "max_units",
            "service_level",
            "pinned_lane",
            "updated_at",
        ]
        read_only_fields = ["id", "sku", "updated_at"]


@extend_schema_view(
    list=extend_schema(summary="Allocation rules per product × marketplace"),
    create=extend_schema(summary="Add a rule (Idempotency-Key honoured)"),
)
class AllocationRuleViewSet(SellerModelViewSet):
    """Steer the plan: exclude a market, bound its units, set its service level, pin a lane."""

    queryset = AllocationRule.objects.none()
    serializer_class = RuleSerializer
    required_scopes = INVENTORY_SCOPES
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return AllocationRule.objects.for_seller(self.seller).select_related(
            "product", "marketplace", "pinned_lane"
        )

    def _values(self, data: dict) -> dict:
        values = {k: data[k] for k in ("exclude", "min_units", "max_units", "service_level") if k in data}
        if "pinned_lane" in data:
            values["pinned_lane"] = (data["pinned_lane"] or {}).get("code")
        return values

    def create(self, request, *args, **kwargs):
        return run_idempotently(self, request, lambda: self._create(request))

    def _create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rule = save_allocation_rule(
            seller=self.seller,
            product=data["product_id"],
            marketplace=data["marketplace"]["code"],
            values=self._values(data),
            actor=request.user,
            api_key=_key(request),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=rule.pk)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        rule = self.get_object()
        serializer = self.get_serializer(rule, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rule = save_allocation_rule(
            seller=self.seller,
            product=data.get("product_id", rule.product_id),
            marketplace=data.get("marketplace", {}).get("code", rule.marketplace.code),
            values=self._values(data),
            rule=rule,
            actor=request.user,
            api_key=_key(request),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=rule.pk)).data)
