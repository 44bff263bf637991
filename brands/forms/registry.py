"""Forms of the brand registry pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brands.models import Brand, BrandAuthorisation, TrademarkOffice


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class BrandApplicationForm(forms.Form):
    name = forms.CharField(label=_("Brand name"), max_length=100)
    trademark_number = forms.CharField(label=_("Trademark number"), max_length=40)
    office = forms.ChoiceField(label=_("Trademark office"), choices=TrademarkOffice.choices)
    classes = forms.CharField(
        label=_("Nice classes"), max_length=200, help_text=_("Numbers from 1 to 45, separated by commas.")
    )
    trademark_status = forms.ChoiceField(
        label=_("Trademark status"),
        choices=Brand.TrademarkStatus.choices,
        initial=Brand.TrademarkStatus.REGISTERED,
    )
    gs1_prefixes = forms.CharField(
        label=_("GS1 company prefixes"),
        max_length=500,
        required=False,
        help_text=_("Optional: 6 to 12 digits each, separated by commas."),
    )
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_("Registration certificate or filing receipt: PDF or image."),
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "trademark_number": data["trademark_number"],
            "office": data["office"],
            "classes": split_list(data["classes"]),
            "trademark_status": data["trademark_status"],
            "gs1_prefixes": split_list(data["gs1_prefixes"]),
            "evidence": data["evidence"],
        }


class AuthorisationForm(forms.Form):
    seller = forms.CharField(
        label=_("Seller ID"), max_length=60, help_text=_("The other seller's ID (its slug).")
    )
    marketplace = forms.CharField(
        label=_("Marketplace"), max_length=2, required=False, help_text=_("A code such as DE; empty for all.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=BrandAuthorisation.Role.choices)
