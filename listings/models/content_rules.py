"""Marketplace content rules: length limits and forbidden terms, edited by operators.

`listings.services.localisation.content_problems` checks listing text against them. The
starter set is seeded by a migration; an operator's save takes effect on the next publish.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MarketplaceContentRule(models.Model):
    """The length limits of one marketplace's listing text (characters; empty = no limit).

    A marketplace without a row gets the field defaults.
    """

    marketplace = models.OneToOneField(
        "portal.Marketplace",
        on_delete=models.CASCADE,
        related_name="content_rule",
        verbose_name=_("marketplace"),
    )
    title_max_chars = models.PositiveIntegerField(
        _("title: most characters"), default=200, validators=[MinValueValidator(1)]
    )
    bullet_max_count = models.PositiveIntegerField(
        _("most bullet points"),
        null=True,
        blank=True,
        default=5,
        help_text=_("Empty: any number of bullet points."),
    )
    bullet_max_chars = models.PositiveIntegerField(
        _("bullet point: most characters"),
        null=True,
        blank=True,
        default=500,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    description_max_chars = models.PositiveIntegerField(
        _("description: most characters"),
        null=True,
        blank=True,
        default=None,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    source = models.TextField(_("source or notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["marketplace__code"]
        verbose_name = _("marketplace content rule")
        verbose_name_plural = _("marketplace content rules")

    def __str__(self) -> str:
        return str(self.marketplace)


class ForbiddenTerm(models.Model):
    """A word or phrase listing text may not use, in one marketplace or (empty) in every one.

    Matched case-insensitively; a whole-word term does not match inside a longer word
    ("cures" is not found in "procures"), other terms match anywhere (for scripts without
    spaces between words, like Japanese).
    """

    marketplace = models.ForeignKey(
        "portal.Marketplace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marketplace"),
        help_text=_("Empty: every marketplace."),
    )
    term = models.CharField(_("term"), max_length=100)
    whole_word = models.BooleanField(
        _("whole word"),
        default=True,
        help_text=_("Match only as a whole word or phrase, not inside a longer word."),
    )
    reason = models.CharField(
        _("reason shown to the seller"),
        max_length=300,
        blank=True,
        help_text=_("Why the term is refused; added to the message the seller reads."),
    )
    source = models.TextField(_("source or notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["marketplace__code", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["marketplace", "term"], name="forbidden_term_once_per_marketplace"
            ),
            # NULLs are distinct in a unique index: the terms of every marketplace need their own.
            models.UniqueConstraint(
                fields=["term"],
                condition=models.Q(marketplace__isnull=True),
                name="forbidden_term_once_for_all_marketplaces",
            ),
            models.CheckConstraint(condition=~models.Q(term=""), name="forbidden_term_not_empty"),
        ]
        verbose_name = _("forbidden term")
        verbose_name_plural = _("forbidden terms")

    def __str__(self) -> str:
        return f"{self.term} · {self.marketplace or _('every marketplace')}"

    def clean(self) -> None:
        self.term = (self.term or "").strip()
