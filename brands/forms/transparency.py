from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EnrolmentForm(forms.Form):
    product = forms.IntegerField(label=_("Product"), min_value=1)
    require_codes_at_inbound = forms.BooleanField(
        label=_("Require codes at GWD inbound"), required=False, initial=True
    )

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].widget = forms.Select(
            choices=[("", "—"), *((p.pk, f"{p.sku} — {p.title[:60]}") for p in products)]
        )


class BatchForm(forms.Form):
    quantity = forms.IntegerField(label=_("Codes"), min_value=1, max_value=1_000_000, initial=1000)
