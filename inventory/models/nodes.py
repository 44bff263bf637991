"""Nodes: every place stock can be. Reference data shared by all sellers, edited by operators."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Node(models.Model):
    """A GWD source hub, an AWD bulk store or a marketplace region's fulfilment centre."""

    class Kind(models.TextChoices):
        GWD = "gwd", _("GWD source hub")
        AWD = "awd", _("AWD bulk storage")
        FC = "fc", _("Fulfilment centre")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,4}-[A-Z0-9]{2,6}$", _("Like GWD-SZX, AWD-US or FC-DE."))],
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    region = models.CharField(
        _("region"),
        max_length=10,
        help_text=_("The fulfilment region (the marketplaces' FC region: US, EU, UK, JP…); CN for GWD hubs."),
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 country code of the site."))
    city = models.CharField(_("city"), max_length=100, blank=True)
    marketplaces = models.ManyToManyField(
        "portal.Marketplace",
        through="inventory.NodeService",
        related_name="nodes",
        blank=True,
        verbose_name=_("marketplaces served"),
    )
    countries_served = models.JSONField(
        _("countries served without a marketplace"),
        default=list,
        blank=True,
        help_text=_(
            "ISO 3166 codes of ship-to countries that have no marketplace of their own and are "
            "delivered from this node (for example AT, PT, CH from the EU hub; NZ from Australia)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("node")
        verbose_name_plural = _("nodes")

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        codes = self.countries_served
        if not isinstance(codes, list) or not all(
            isinstance(code, str) and len(code) == 2 and code.isascii() and code.isupper() for code in codes
        ):
            raise ValidationError(
                {"countries_served": _('A list of two-letter ISO 3166 country codes, such as ["AT", "PT"].')}
            )


class NodeService(models.Model):
    """A node serves a marketplace, in a fallback order (1 first); remote = a neighbour's FC."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="services", verbose_name=_("node"))
    marketplace = models.ForeignKey(
        "portal.Marketplace", on_delete=models.CASCADE, related_name="+", verbose_name=_("marketplace")
    )
    priority = models.PositiveSmallIntegerField(
        _("fallback order"), default=1, help_text=_("1 is tried first; higher numbers are fallbacks.")
    )
    is_remote = models.BooleanField(
        _("remote fulfilment"), default=False, help_text=_("Served across a border, with a longer promise.")
    )

    class Meta:
        ordering = ["marketplace__code", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "marketplace"], name="nodeservice_unique_node_marketplace"
            ),
        ]
        verbose_name = _("marketplace served")
        verbose_name_plural = _("marketplaces served")

    def __str__(self) -> str:
        return f"{self.node.code} → {self.marketplace.code} ({self.priority})"
