"""Forms of the publishing pages: publish once, and a listing's overrides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Marketplace


class PublishForm(forms.Form):
    SCOPE_CHOICES = [
        ("some", _("The marketplaces I tick")),
        ("region", _("A region")),
        ("all", _("All marketplaces")),
    ]

    products = forms.CharField(widget=forms.HiddenInput, required=False)
    scope = forms.ChoiceField(
        label=_("Publish to"), choices=SCOPE_CHOICES, initial="some", widget=forms.RadioSelect
    )
    marketplaces = forms.MultipleChoiceField(
        label=_("Marketplaces"), required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "—"), *Marketplace.Region.choices]
    )
    gwd_direct = forms.MultipleChoiceField(
        label=_("Ship directly from the GWD to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Skip the local FC: a longer delivery promise, no stock needed in the marketplace."),
    )

    def __init__(self, *args, marketplaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.code, f"{m.code} — {m.name}") for m in marketplaces]
        self.fields["marketplaces"].choices = choices
        self.fields["gwd_direct"].choices = choices

    def clean_products(self):
        raw = self.cleaned_data["products"]
        try:
            return [int(pk) for pk in raw.split(",") if pk.strip()]
        except ValueError:
            raise forms.ValidationError(_("Choose products from the catalogue.")) from None


class OverrideForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[
            ("title", _("Title")),
            ("price", _("Price")),
            ("description", _("Description")),
            ("bullet_points", _("Bullet point")),
        ],
    )
    bullet = forms.IntegerField(label=_("Bullet number (1 for the first)"), required=False, min_value=1)
    value = forms.CharField(label=_("Value"), widget=forms.Textarea(attrs={"rows": 2}))
