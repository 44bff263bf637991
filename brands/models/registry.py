"""The brand registry: a seller's application for a trademark, verified by operators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class TrademarkOffice(models.TextChoices):
    USPTO = "USPTO", _("United States (USPTO)")
    EUIPO = "EUIPO", _("European Union (EUIPO)")
    CNIPA = "CNIPA", _("China (CNIPA)")
    UKIPO = "UKIPO", _("United Kingdom (UKIPO)")
    JPO = "JPO", _("Japan (JPO)")
    CIPO = "CIPO", _("Canada (CIPO)")
    IPAU = "IPAU", _("Australia (IP Australia)")
    INPI_BR = "INPI_BR", _("Brazil (INPI)")
    IMPI = "IMPI", _("Mexico (IMPI)")
    DPMA = "DPMA", _("Germany (DPMA)")
    INPI_FR = "INPI_FR", _("France (INPI)")
    CGPDTM = "CGPDTM", _("India (CGPDTM)")
    IPOS = "IPOS", _("Singapore (IPOS)")
    WIPO = "WIPO", _("International registration (WIPO, Madrid)")


class Brand(TenantModel):
    """A seller's application to register a brand; `seller` is the applicant (owner once verified).

    Only one seller can be the verified owner of a brand name: the partial unique
    constraint on the matching key holds whatever the order of verifications.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class TrademarkStatus(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        PENDING = "pending", _("Application pending")

    name = models.CharField(_("brand name"), max_length=100)
    match_key = models.CharField(_("matching key"), max_length=200, db_index=True, editable=False)
    trademark_number = models.CharField(_("trademark number"), max_length=40)
    office = models.CharField(_("trademark office"), max_length=10, choices=TrademarkOffice.choices)
    classes = models.JSONField(_("Nice classes"), default=list)
    trademark_status = models.CharField(
        _("trademark status"),
        max_length=12,
        choices=TrademarkStatus.choices,
        default=TrademarkStatus.REGISTERED,
    )
    gs1_prefixes = models.JSONField(_("GS1 company prefixes"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["match_key"], condition=Q(status="verified"), name="brand_one_verified_owner"
            )
        ]
        indexes = [models.Index(fields=["status"], name="brand_status")]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return f"{self.name} ({self.office} {self.trademark_number})"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class BrandEvidence(TenantModel):
    """A document supporting an application: the registration certificate, a label photo."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="brands/evidence/%Y/%m/")
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.description or self.file.name


class BrandAuthorisation(TenantModel):
    """The owner (`seller`) lets another seller sell the brand in one marketplace (or all)."""

    class Role(models.TextChoices):
        RESELLER = "reseller", _("Reseller")
        AGENCY = "agency", _("Agency")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="authorisations")
    authorised_seller = models.ForeignKey(
        "portal.Seller", on_delete=models.CASCADE, related_name="+", verbose_name=_("authorised seller")
    )
    marketplace = models.ForeignKey(
        "portal.Marketplace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marketplace"),
        help_text=_("Empty: every marketplace."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.RESELLER)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["brand_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "authorised_seller", "marketplace"],
                name="brandauth_unique_seller_marketplace",
            ),
            models.UniqueConstraint(
                fields=["brand", "authorised_seller"],
                condition=Q(marketplace__isnull=True),
                name="brandauth_unique_seller_everywhere",
            ),
        ]
        verbose_name = _("brand authorisation")
        verbose_name_plural = _("brand authorisations")

    def __str__(self) -> str:
        return f"{self.brand_id} → {self.authorised_seller_id} ({self.marketplace_id or '*'})"
