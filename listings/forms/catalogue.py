"""Forms of the catalogue pages. They parse input; services validate and write."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.models import DocumentType, Product
from listings.services.catalogue import PRODUCT_FIELDS


class ProductForm(forms.ModelForm):
    bullet_points = forms.CharField(
        label=_("Bullet points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One bullet point per line."),
    )
    attributes = forms.CharField(
        label=_("Attributes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('A JSON object, for example {"colour": "white"}.'),
    )

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["bullet_points"] = "\n".join(self.instance.bullet_points or [])
            self.initial["attributes"] = json.dumps(self.instance.attributes or {}, ensure_ascii=False)

    def clean_bullet_points(self):
        return [line.strip() for line in self.cleaned_data["bullet_points"].splitlines() if line.strip()]

    def clean_attributes(self):
        raw = self.cleaned_data["attributes"].strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise forms.ValidationError(_('Attributes are a JSON object, for example {"colour": "white"}.'))
        return value

    def _post_clean(self):
        # Uniqueness and the model validators run in the service, with the seller.
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image"))


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    file = forms.FileField(label=_("File (PDF or image)"), required=False)
    reference = forms.CharField(label=_("Reference or registration number"), required=False, max_length=100)
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
