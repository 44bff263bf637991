"""Forms of the pricing, localisation and storefront pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.models import BrandStore, PricingRule

RULE_FIELDS = [
    "method",
    "markup",
    "target_margin",
    "cost_source",
    "freight_per_kg",
    "duty_rate",
    "referral_fee_rate",
    "fulfilment_fee",
    "charm_pricing",
    "reprice_threshold",
]


class CostSourceOptional:
    """Rules saved before landed costs came from the lanes post no cost source: lanes, then."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_source"].required = False

    def clean_cost_source(self):
        return self.cleaned_data.get("cost_source") or PricingRule.CostSource.LANES


class PricingRuleForm(CostSourceOptional, forms.ModelForm):
    class Meta:
        model = PricingRule
        fields = RULE_FIELDS


class OverrideForm(CostSourceOptional, forms.ModelForm):
    """A rule for one marketplace; the choice lists only marketplaces without one yet."""

    class Meta:
        model = PricingRule
        fields = ["marketplace", *RULE_FIELDS]

    def __init__(self, *args, taken_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["marketplace"]
        field.required = True
        field.queryset = field.queryset.filter(is_active=True).exclude(pk__in=list(taken_ids))
        field.empty_label = _("Choose a marketplace")


class BrandStoreForm(forms.ModelForm):
    featured = forms.MultipleChoiceField(
        label=_("Featured products"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = BrandStore
        fields = ["name", "hero_title", "hero_subtitle", "brand_story"]

    def __init__(self, *args, product_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured"].choices = [(str(pk), label) for pk, label in product_choices]
