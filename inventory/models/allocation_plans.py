"""Allocation plans: how much of the GWD pool goes to which node, as lines a seller signs off.

- `AllocationRule` steers the engine per product × marketplace (exclude, min/max units,
  a service level of the seller's own, a pinned lane).
- `AllocationPlan` is one run of the engine; its `AllocationPlanLine`s each say what moves
  where, why, at what cost and service level. Approving a line creates its transfer.
- `AutoApplyPolicy` (one per seller) lets small, routine lines go without sign-off.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class AllocationRule(TenantModel):
    """A seller's steer for one product in one marketplace."""

    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.PROTECT, related_name="+", verbose_name=_("marketplace")
    )
    exclude = models.BooleanField(_("send nothing"), default=False)
    min_units = models.PositiveIntegerField(_("at least (units)"), null=True, blank=True)
    max_units = models.PositiveIntegerField(_("at most (units)"), null=True, blank=True)
    service_level = models.DecimalField(
        _("service level"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.995"))],
        help_text=_("The chance of not running out before the next delivery, 0.5 to 0.995."),
    )
    pinned_lane = models.ForeignKey(
        "logistics.Lane",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("always by lane"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["product_id", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "product", "marketplace"], name="allocationrule_unique"
            ),
            models.CheckConstraint(
                condition=Q(min_units__isnull=True)
                | Q(max_units__isnull=True)
                | Q(min_units__lte=models.F("max_units")),
                name="allocationrule_min_le_max",
            ),
        ]
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")

    def __str__(self) -> str:
        return f"{self.product_id}@{self.marketplace_id}"


class AllocationPlan(TenantModel):
    """One run of the allocation engine over the seller's pool."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for sign-off")
        PARTLY = "partly", _("Partly approved")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    job = models.ForeignKey(
        "portal.JobRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation plan")
        verbose_name_plural = _("allocation plans")

    def __str__(self) -> str:
        return f"Plan {self.pk} ({self.status})"


class AllocationPlanLine(TenantModel):
    """Units of one product to move from one node to another, with the reason in words."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting")
        APPROVED = "approved", _("Approved")
        AUTO_APPLIED = "auto", _("Applied automatically")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        SEND = "send", _("Send from the pool")
        PULL_BACK = "pullback", _("Pull back to the pool")

    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SEND)
    from_node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marketplace"),
        help_text=_("The marketplace whose demand the node serves first."),
    )
    units = models.PositiveIntegerField(_("units"))
    suggested_units = models.PositiveIntegerField(_("suggested units"))
    lane = models.ForeignKey(
        "logistics.Lane",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lane"),
    )
    freight_cost = models.DecimalField(_("freight"), max_digits=14, decimal_places=2, default=Decimal("0"))
    value = models.DecimalField(_("value of goods"), max_digits=14, decimal_places=2, default=Decimal("0"))
    service_level = models.DecimalField(_("expected service level"), max_digits=5, decimal_places=4)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    transfer = models.ForeignKey(
        "inventory.Transfer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["plan_id", "-value", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(units__gte=1), name="allocationplanline_units_positive"),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="allocplanline_plan_status")]
        verbose_name = _("allocation plan line")
        verbose_name_plural = _("allocation plan lines")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.product_id} {self.from_node_id}→{self.to_node_id} × {self.units}"


class AutoApplyPolicy(TenantModel):
    """Which lines of a plan apply without sign-off: small ones, to chosen marketplaces."""

    enabled = models.BooleanField(_("on"), default=False)
    max_line_value = models.DecimalField(
        _("value limit per line"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    max_daily_value = models.DecimalField(
        _("value limit per day"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    marketplaces = models.ManyToManyField("portal.Marketplace", related_name="+", blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller"], name="autoapplypolicy_one_per_seller")]
        verbose_name = _("auto-apply policy")
        verbose_name_plural = _("auto-apply policies")

    def __str__(self) -> str:
        return f"Auto-apply ({'on' if self.enabled else 'off'})"
