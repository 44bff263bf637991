"""Forms of the account and settings pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError
from portal.models import Role, Seller


def add_service_errors(form, exc: PortalError, *, default_field: str | None = None) -> None:
    """Put a service's field errors beside the form's fields. Errors of fields the form does
    not have (nested ones such as `cartons.1.width_mm`) go to `default_field` (None: the form
    itself) with the field named; a detail that names no field goes there too."""
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
        else:
            named = name not in ("non_field_errors", "__all__")
            for error in errors:
                form.add_error(default_field, f"{name}: {error}" if named else error)
    if not exc.fields:
        form.add_error(default_field, exc.detail)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class SellerProfileForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    home_currency = forms.CharField(
        label=_("Home currency"),
        max_length=3,
        min_length=3,
        help_text=_("ISO 4217 code, for example CNY, USD, EUR."),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Seller.Stage.choices)


class NewAccountForm(forms.Form):
    """The account an invited person creates when accepting."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned
