"""Sellers (the tenants), their members and roles, and invitations."""

from __future__ import annotations

from babel.numbers import list_currencies
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantModel

ISO_CURRENCIES = frozenset(list_currencies())


def validate_currency(value: str) -> None:
    if value not in ISO_CURRENCIES:
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code (for example USD, EUR, CNY)."),
            params={"value": value},
            code="invalid_currency",
        )


class Seller(models.Model):
    """A seller company: the tenant. Users reach it through a Membership."""

    class Stage(models.TextChoices):
        QUICK_START = "quick_start", _("Quick start")
        OPTIMISE = "optimise", _("Optimise")
        DEEPEN = "deepen", _("Deepen")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    home_currency = models.CharField(
        _("home currency"), max_length=3, default="CNY", validators=[validate_currency]
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.QUICK_START)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    OPERATOR = "operator", _("Operator")
    VIEWER = "viewer", _("Viewer")


# Roles that may change the seller's data at all, and roles that manage people and keys.
WRITER_ROLES = frozenset({Role.OWNER, Role.ADMIN, Role.OPERATOR})
MANAGER_ROLES = frozenset({Role.OWNER, Role.ADMIN})


class Membership(models.Model):
    """A user's place in one seller, with a role. A user may belong to several sellers.

    This is the tenancy core itself (it decides which seller a request acts for), so it
    is read through `portal.selectors.memberships`, which always names the user or seller.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["seller__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "seller"], name="membership_unique_user_seller")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.seller} ({self.role})"

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGER_ROLES


class Invitation(TenantModel):
    """An e-mailed invitation to join a seller with a role; the token is stored hashed."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.seller_id} ({self.role})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
