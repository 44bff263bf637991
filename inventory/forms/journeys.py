"""The form that starts a journey: the legs are the seller's own plans, transfers and shipments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.models import InboundShipment, Transfer
from logistics.models import Shipment


class JourneyForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=64)
    inbound_id = forms.TypedChoiceField(label=_("Inbound plan"), coerce=int, required=False, empty_value=None)
    transfer_id = forms.TypedChoiceField(label=_("Transfer"), coerce=int, required=False, empty_value=None)
    delivery_id = forms.TypedChoiceField(label=_("Delivery"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        none = [("", _("— none —"))]
        self.fields["inbound_id"].choices = none + [
            (p.pk, p.reference)
            for p in InboundShipment.objects.for_seller(seller).order_by("-created_at")[:200]
        ]
        self.fields["transfer_id"].choices = none + [
            (t.pk, t.reference) for t in Transfer.objects.for_seller(seller).order_by("-created_at")[:200]
        ]
        self.fields["delivery_id"].choices = none + [
            (s.pk, s.reference)
            for s in Shipment.objects.for_seller(seller)
            .filter(purpose=Shipment.Purpose.MANUAL)
            .order_by("-created_at")[:200]
        ]
