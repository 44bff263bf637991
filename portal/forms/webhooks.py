"""Forms of the webhook endpoint pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.services.webhooks import DESCRIPTION_MAX_LENGTH, URL_MAX_LENGTH
from portal.webhook_events import EVENT_TYPES


def _event_choices():
    return [(name, f"{name} — {event.label}") for name, event in EVENT_TYPES.items()]


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=URL_MAX_LENGTH,
        help_text=_("Where the events are POSTed: https://, a public address."),
    )
    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=_event_choices, widget=forms.CheckboxSelectMultiple
    )


class TestEventForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event"), choices=_event_choices)
