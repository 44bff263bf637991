"""Template filters of the audit log page."""

from django import template

from portal.selectors.audit import action_label

register = template.Library()


@register.filter
def audit_action(action: str):
    """The audit action in the seller's words (the raw code when it has no label)."""
    return action_label(action)
