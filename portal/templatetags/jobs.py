"""Template filters of the jobs pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.jobs import job_kind_label, job_result_template
from portal.services.marketplace_readiness import PROBLEMS

register = template.Library()


@register.filter
def job_kind(kind: str):
    """The registered label of a job kind."""
    return job_kind_label(kind)


@register.filter
def job_duration(job) -> str:
    """How long a finished run took (or a running one has taken so far); '' before it starts."""
    if job.started_at is None:
        return ""
    end = job.finished_at or timezone.now()
    seconds = (end - job.started_at).total_seconds()
    if seconds < 60:
        return _("%(seconds).1f s") % {"seconds": seconds}
    minutes, seconds = divmod(int(seconds), 60)
    if minutes < 60:
        return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}


@register.filter(name="job_result_template")
def result_template(kind: str) -> str:
    """The template that shows a finished job of this kind (portal.jobs.register_job_result)."""
    return job_result_template(kind)


# What the figures of the jobs' summaries count, in the seller's words.
SUMMARY_LABELS = {
    "checked": gettext_lazy("Checked"),
    "ready": gettext_lazy("Ready"),
    "products": gettext_lazy("Products"),
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
    "unchanged": gettext_lazy("Unchanged"),
    "repriced": gettext_lazy("Repriced"),
    "below_threshold": gettext_lazy("Change below the threshold"),
    "overridden": gettext_lazy("Kept (price set by hand)"),
    "problems": gettext_lazy("With problems"),
    "filled": gettext_lazy("Translations filled"),
    "untranslatable": gettext_lazy("Could not be translated"),
    "provider": gettext_lazy("Translation service"),
    "languages": gettext_lazy("Languages"),
    "orders": gettext_lazy("Orders"),
    "reserved": gettext_lazy("Reserved"),
    "partially_reserved": gettext_lazy("Partially reserved"),
    "backordered": gettext_lazy("Still backordered"),
    "late": gettext_lazy("Late"),
    "silent": gettext_lazy("Silent"),
    "resolved": gettext_lazy("Resolved"),
    "marketplaces": gettext_lazy("Marketplaces"),
    "rows": gettext_lazy("Rows"),
    "imported": gettext_lazy("Imported"),
    "skipped": gettext_lazy("Skipped"),
    "errors": gettext_lazy("Errors"),
    # the product import's row actions
    "new": gettext_lazy("New"),
    "update": gettext_lazy("Updated"),
    "delete": gettext_lazy("Deleted"),
    "skip": gettext_lazy("Skipped"),
    "error": gettext_lazy("Errors"),
    "invalid": gettext_lazy("Invalid"),
}


@register.filter
def summary_label(key: str):
    """A summary figure's name for the page; an unknown key reads as words, not as a code."""
    label = SUMMARY_LABELS.get(key)
    return label if label is not None else str(key).replace("_", " ").capitalize()


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def is_mapping(value) -> bool:
    return isinstance(value, dict)


@register.filter
def readiness_problem(code: str):
    """What a readiness problem code means."""
    return PROBLEMS.get(code, code)
