"""The tenancy core's tables: sellers, memberships, API keys, jobs, audit, reference data."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import list_currencies
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.tenancy import TenantManager, TenantModel

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


class Marketplace(models.Model):
    """One of the ~23 marketplaces: reference data shared by every seller."""

    class Region(models.TextChoices):
        NORTH_AMERICA = "NA", _("North America")
        SOUTH_AMERICA = "SA", _("South America")
        EUROPE = "EU", _("Europe")
        MIDDLE_EAST_AFRICA = "MEA", _("Middle East and Africa")
        ASIA_PACIFIC = "APAC", _("Asia-Pacific")

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, the marketplace's country code."))],
    )
    name = models.CharField(_("name"), max_length=100)
    domain = models.CharField(_("domain"), max_length=100, blank=True)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    default_locale = models.CharField(_("default locale"), max_length=10)
    other_locales = models.JSONField(_("other locales"), default=list, blank=True)
    region = models.CharField(_("region"), max_length=4, choices=Region.choices)
    vat_rate = models.DecimalField(
        _("VAT/GST rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Standard rate as a fraction: 0.19 for 19%."),
    )
    prices_include_vat = models.BooleanField(_("prices include VAT"), default=True)
    fc_region = models.CharField(
        _("FC region"),
        max_length=10,
        help_text=_("The fulfilment region that serves this marketplace (US for CA, MX and BR)."),
    )
    remote_fulfilment = models.BooleanField(
        _("remote fulfilment"),
        default=False,
        help_text=_("Served from a neighbouring marketplace's FC, with a longer delivery promise."),
    )
    timezone = models.CharField(_("time zone"), max_length=50, default="UTC")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("marketplace")
        verbose_name_plural = _("marketplaces")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def locales(self) -> list[str]:
        return [self.default_locale, *[loc for loc in self.other_locales if loc != self.default_locale]]


class JobRun(TenantModel):
    """One run of a user-visible background job, with its progress for the page to poll."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    FINISHED = frozenset({Status.SUCCEEDED, Status.FAILED})

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_by_api_key = models.ForeignKey(
        "portal.APIKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["seller", "-created_at"], name="jobrun_seller_recent")]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class APIKey(TenantModel):
    """A partner's key to the API. Only a SHA-256 hash of the secret is stored.

    The key is `<prefix>.<secret>`; the prefix is public and finds the row, the hash of
    the whole key proves it.
    """

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEvent(TenantModel):
    """A sensitive action: sign-ins, members and roles, API keys, cross-tenant reads.

    `seller` is empty for platform-wide events (an operator opening the platform scope).
    """

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_api_key = models.ForeignKey(
        APIKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = TenantManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class IdempotencyRecord(TenantModel):
    """The first response to a POST sent with an `Idempotency-Key`, replayed on repeats."""

    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "key", "method", "path"], name="idempotency_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
