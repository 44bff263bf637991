from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AppealForm(forms.Form):
    statement = forms.CharField(label=_("Your statement"), widget=forms.Textarea, max_length=5000)
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("An invoice, a licence or a trademark: PDF or image."),
    )
