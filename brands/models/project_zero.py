"""Project Zero: owners whose reports are accurate remove infringements themselves."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class ProjectZeroMembership(TenantModel):
    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller"], name="projectzero_one_per_seller")]
        verbose_name = _("Project Zero membership")
        verbose_name_plural = _("Project Zero memberships")

    def __str__(self) -> str:
        return f"{self.seller_id} ({self.status})"
