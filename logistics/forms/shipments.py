"""Forms of the shipment pages. Sellers enter kg and cm; the services take grams and millimetres."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from listings.models import Product
from logistics.models import BookingStatus, Lane, Shipment, TrackingStatus
from logistics.models.shipments import Incoterm


class CartonRowForm(forms.Form):
    # Not required, no initial: a row left empty stays unchanged and is skipped; a filled row
    # without a count is one carton.
    count = forms.IntegerField(label=_("Cartons"), min_value=1, max_value=2000, required=False)
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"), min_value=Decimal("0.001"), max_value=1000, decimal_places=3
    )
    length_cm = forms.DecimalField(
        label=_("Length (cm)"), min_value=Decimal("0.1"), max_value=2000, decimal_places=1
    )
    width_cm = forms.DecimalField(
        label=_("Width (cm)"), min_value=Decimal("0.1"), max_value=2000, decimal_places=1
    )
    height_cm = forms.DecimalField(
        label=_("Height (cm)"), min_value=Decimal("0.1"), max_value=2000, decimal_places=1
    )

    def cartons(self) -> list[dict]:
        """The row as `count` cartons in grams and millimetres."""
        data = self.cleaned_data
        carton = {
            "weight_g": int(data["weight_kg"] * 1000),
            "length_mm": int(data["length_cm"] * 10),
            "width_mm": int(data["width_cm"] * 10),
            "height_mm": int(data["height_cm"] * 10),
        }
        return [dict(carton) for _ in range(data.get("count") or 1)]


CartonFormSet = forms.formset_factory(CartonRowForm, extra=3, max_num=50, validate_max=True)


class ItemRowForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.IntegerField(label=_("Units"), min_value=1, max_value=1_000_000)

    def __init__(self, *args, seller=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seller is not None:
            self.fields["product"].queryset = Product.objects.for_seller(seller).order_by("sku")


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, seller=None, **kwargs):
        self.seller = seller
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "seller": self.seller}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            seller=self.seller,
        )
        self.add_fields(form, None)
        return form


ItemFormSet = forms.formset_factory(
    ItemRowForm, formset=BaseItemFormSet, extra=3, max_num=100, validate_max=True
)


def filled_rows(formset) -> list[forms.Form]:
    return [form for form in formset.forms if form.has_changed() and form.cleaned_data]


class ShipmentForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"), max_length=40, required=False, help_text=_("Empty: one is made up for you.")
    )
    lane = forms.ModelChoiceField(label=_("Lane"), queryset=Lane.objects.none())
    destination_code = forms.CharField(label=_("Destination node"), max_length=40, required=False)
    origin_address = forms.CharField(
        label=_("Shipper"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    destination_address = forms.CharField(
        label=_("Consignee"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=Incoterm.choices, initial=Incoterm.DDP)
    currency = forms.CharField(label=_("Invoice currency"), max_length=3, initial="USD")
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lane"].queryset = Lane.objects.filter(active=True).select_related("program")


class ReferencesForm(forms.Form):
    booking_number = forms.CharField(label=_("Booking number"), max_length=60, required=False)
    transport_document_number = forms.CharField(
        label=_("Bill of lading / air waybill"), max_length=60, required=False
    )
    container_numbers = forms.CharField(
        label=_("Container numbers"),
        required=False,
        help_text=_("ISO 6346, separated by spaces or commas, for example CSQU3054383."),
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)

    def clean_container_numbers(self) -> list[str]:
        raw = self.cleaned_data["container_numbers"]
        return [part for part in raw.replace(",", " ").split() if part]


class ShipmentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    booking_status = forms.ChoiceField(label=_("Booking"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    lane = forms.ChoiceField(label=_("Lane"), required=False)
    destination = forms.CharField(label=_("Destination"), required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + list(TrackingStatus.choices)
        self.fields["booking_status"].choices = every + list(BookingStatus.choices)
        self.fields["purpose"].choices = every + list(Shipment.Purpose.choices)
        self.fields["lane"].choices = every + [
            (code, code) for code in Lane.objects.order_by("code").values_list("code", flat=True)
        ]
