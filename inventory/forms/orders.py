"""Forms of the channel order pages. Rules live in the services; forms only read the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.models import Node
from inventory.models.orders import Channel, OrderStatus, ShortStockPolicy, UnshippedOrders


class OrderFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *OrderStatus.choices]
    )


class ConnectionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.SHOPIFY)
    name = forms.CharField(label=_("Name"), max_length=100)
    shop_domain = forms.CharField(
        label=_("Shop domain"),
        max_length=255,
        required=False,
        help_text=_("Shopify: brightora.myshopify.com"),
    )
    webhook_secret = forms.CharField(
        label=_("Webhook secret"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Shopify: the key shown under Settings → Notifications → Webhooks."),
    )
    unshipped_orders = forms.ChoiceField(
        label=_("Orders with nothing to ship"),
        choices=UnshippedOrders.choices,
        initial=UnshippedOrders.RECORD,
        required=False,
        help_text=_("Pick-up and digital orders: record them only, or reserve stock for them."),
    )


class PolicyForm(forms.Form):
    short_stock_policy = forms.ChoiceField(
        label=_("When stock is short"), choices=ShortStockPolicy.choices, widget=forms.RadioSelect
    )


class SkuMappingForm(forms.Form):
    channel_sku = forms.CharField(label=_("Channel SKU"), max_length=255)
    product_sku = forms.CharField(label=_("Your product's SKU"), max_length=64)


class RingFenceForm(forms.Form):
    product_sku = forms.CharField(label=_("Your product's SKU"), max_length=64)
    node = forms.ModelChoiceField(label=_("Node"), queryset=Node.objects.filter(is_active=True))
    quantity = forms.IntegerField(label=_("Units kept"), min_value=0, help_text=_("0 removes the fence."))


class SalesImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("Columns: sku, marketplace, date, units."))
