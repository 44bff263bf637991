"""Compliance: what each marketplace requires of a product, and the seller's evidence."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel


class DocumentType(models.TextChoices):
    CE_DECLARATION = "ce", _("CE declaration of conformity")
    GPSR_RESPONSIBLE_PERSON = "gpsr_rp", _("GPSR responsible person in the EU")
    UKCA_DECLARATION = "ukca", _("UKCA declaration of conformity")
    CPC = "cpc", _("Children's Product Certificate (CPC)")
    FCC = "fcc", _("FCC authorisation")
    RED = "red", _("Radio Equipment Directive declaration (RED)")
    SASO = "saso", _("SASO certificate of conformity (SALEEM)")
    RCM = "rcm", _("Regulatory Compliance Mark registration (RCM)")
    PACKAGING_REGISTRATION = "packaging", _("Packaging registration number")
    WEEE_REGISTRATION = "weee", _("WEEE registration number")


class ComplianceRule(models.Model):
    """A requirement of some marketplaces for some categories: operator-edited reference data.

    A rule applies to a product in one of its marketplaces when it has neither category
    keywords nor attribute keys (every product), or when the product's category contains
    one of the keywords (case-insensitive), or when one of the attribute keys is set
    (truthy) in the product's attributes. It is met by a document of its type for the
    product that has not expired: a file for `evidence=file`, a reference number for
    `evidence=reference`.
    """

    class Evidence(models.TextChoices):
        FILE = "file", _("A document file")
        REFERENCE = "reference", _("A registration number")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    help_text = models.TextField(_("what the seller must provide"), blank=True)
    marketplaces = models.ManyToManyField(
        "portal.Marketplace", related_name="+", verbose_name=_("marketplaces")
    )
    category_keywords = models.JSONField(
        _("category keywords"),
        default=list,
        blank=True,
        help_text=_("The rule applies when the product's category contains one of these words."),
    )
    attribute_keys = models.JSONField(
        _("attribute keys"),
        default=list,
        blank=True,
        help_text=_("The rule applies when one of these product attributes is set."),
    )
    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    evidence = models.CharField(_("evidence"), max_length=10, choices=Evidence.choices, default=Evidence.FILE)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")

    def __str__(self) -> str:
        return self.name

    @property
    def applies_to_every_product(self) -> bool:
        return not self.category_keywords and not self.attribute_keys

    def applies_to(self, *, category: str, attributes: dict) -> bool:
        if self.applies_to_every_product:
            return True
        lowered = (category or "").lower()
        if any(keyword.lower() in lowered for keyword in self.category_keywords):
            return True
        return any(attributes.get(key) for key in self.attribute_keys)


def document_path(instance, filename: str) -> str:
    return f"compliance/{instance.seller_id}/{instance.product_id}/{filename}"


class ComplianceDocument(TenantModel):
    """The seller's evidence for one product: a certificate file or a registration number."""

    product = models.ForeignKey(
        "listings.Product",
        on_delete=models.CASCADE,
        related_name="compliance_documents",
        verbose_name=_("product"),
    )
    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=40, blank=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)
    reference = models.CharField(_("reference or registration number"), max_length=100, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    expiry_flagged_at = models.DateTimeField(_("expiry flagged"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["product", "document_type", "-created_at"]
        indexes = [models.Index(fields=["seller", "expires_on"], name="compliance_doc_expiry")]
        verbose_name = _("compliance document")
        verbose_name_plural = _("compliance documents")

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} · {self.product_id}"

    def is_valid_on(self, day) -> bool:
        return self.expires_on is None or self.expires_on >= day
