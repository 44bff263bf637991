"""The quote form. Sellers enter kg and cm; the services take grams and millimetres."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from logistics.models import Lane, Mode
from portal.countries import country_name


def _country_choices(field: str) -> list[tuple[str, str]]:
    codes = Lane.objects.filter(active=True).order_by(field).values_list(field, flat=True).distinct()
    return [(code, f"{country_name(code)} ({code})") for code in codes]


class QuoteForm(forms.Form):
    origin_country = forms.ChoiceField(label=_("From"))
    destination_country = forms.ChoiceField(label=_("To"))
    ready_on = forms.DateField(
        label=_("Cargo ready on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    value_per_day = forms.DecimalField(
        label=_("Value of a day saved"),
        required=False,
        min_value=0,
        decimal_places=2,
        help_text=_(
            "For best value. Left empty, each day in transit costs 0.2 per cent of the goods' value."
        ),
    )
    modes = forms.MultipleChoiceField(
        label=_("Modes"), choices=Mode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin_country"].choices = _country_choices("origin_country")
        self.fields["destination_country"].choices = _country_choices("destination_country")
