"""One way for operators to decide something with a reason: a form page per object."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices


class DecisionAdminMixin:
    """Adds `<pk>/decide/`: the operator picks one of `decisions` and gives a reason.

    Subclasses set `decisions = {value: label}`, implement `decide(obj, decision, operator,
    reason)` (calling the service) and `can_decide(obj)`.
    """

    decisions: dict = {}

    def _decide_name(self) -> str:
        meta = self.model._meta
        return f"{meta.app_label}_{meta.model_name}_decide"

    @admin.display(description=_("Decide"))
    def decide_link(self, obj):
        if not self.can_decide(obj):
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse(f"admin:{self._decide_name()}", args=[obj.pk]), _("Decide…")
        )

    def get_urls(self):
        return [
            path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name=self._decide_name()),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        form = DecisionForm(request.POST or None, choices=list(self.decisions.items()))
        if request.method == "POST" and form.is_valid():
            try:
                self.decide(obj, form.cleaned_data["decision"], request.user, form.cleaned_data["reason"])
            except PortalError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Decided."))
                meta = self.model._meta
                return redirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": obj,
            "details": self.decision_details(obj),
            "title": _("Decide"),
        }
        return render(request, "admin/brands/decide.html", context, status=400 if form.errors else 200)

    def decision_details(self, obj) -> list[tuple[str, str]]:
        return [(str(_("Object")), str(obj))]
