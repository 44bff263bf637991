"""The seller profile form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Seller


class SellerProfileForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    home_currency = forms.CharField(
        label=_("Home currency"),
        max_length=3,
        min_length=3,
        help_text=_("ISO 4217 code, for example CNY, USD, EUR."),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Seller.Stage.choices)
