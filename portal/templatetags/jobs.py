"""Template filters of the jobs pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.jobs import job_kind_label
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


@register.filter
def readiness_problem(code: str):
    """What a readiness problem code means."""
    return PROBLEMS.get(code, code)
