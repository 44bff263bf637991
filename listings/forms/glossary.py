"""The form of the seller's glossary page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class GlossaryTermForm(forms.Form):
    source_language = forms.CharField(label=_("Source language"), max_length=10, initial="zh")
    target_language = forms.CharField(
        label=_("Target language"), max_length=10, help_text=_("A language code: en, de, ja, ar…")
    )
    source_term = forms.CharField(label=_("Term"), max_length=200)
    target_term = forms.CharField(
        label=_("Always translated as"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the term exactly as written (brand and model names)."),
    )
