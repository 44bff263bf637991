from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Why is this not an infringement?"), max_length=2000, required=False)
