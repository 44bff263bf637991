"""A URL configuration whose lists leak another seller's rows, for tests of the isolation walk.

Only tests load it (settings.ROOT_URLCONF = "tests.leaking_urls"): it proves that the walk
notices rows that carry no text of their own, through their ids, links and form values.
"""

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.html import format_html_join
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from inventory.models import StockBalance
from listings.models import PricingRule
from portal.tenancy import tenant_object_view


def every_rule_page(request):
    rules = PricingRule.objects.with_scopes_disabled().order_by("pk")
    links = format_html_join("", '<a href="/leaking/rules/{}/">rule</a>', ((rule.pk,) for rule in rules))
    return HttpResponse(f"<main>{links}</main>")


def own_rules_page(request):
    rules = PricingRule.objects.for_seller(request.seller).order_by("pk")
    links = format_html_join("", '<a href="/leaking/rules/{}/">rule</a>', ((rule.pk,) for rule in rules))
    return HttpResponse(f"<main>{links}</main>")


@tenant_object_view(PricingRule)
def rule_page(request, pk):
    rule = PricingRule.objects.for_seller(request.seller).filter(pk=pk).first()
    if rule is None:
        raise Http404
    return HttpResponse(str(rule.pk))


def balance_form_page(request):
    balances = StockBalance.objects.with_scopes_disabled().order_by("pk")
    options = format_html_join("", '<option value="{}">balance</option>', ((row.pk,) for row in balances))
    return HttpResponse(f'<form><select name="balance">{options}</select></form>')


class EveryBalanceList(ListAPIView):
    queryset = StockBalance.objects.none()
    authentication_classes = []
    permission_classes = []

    def list(self, request, *args, **kwargs):
        rule_ids = list(PricingRule.objects.with_scopes_disabled().values_list("pk", flat=True))
        balances = StockBalance.objects.with_scopes_disabled().order_by("pk")
        return Response(
            {"results": [{"id": row.pk, "rules": [{"id": pk} for pk in rule_ids]} for row in balances]}
        )


urlpatterns = [
    path("leaking/rules/", every_rule_page, name="every_rule"),
    path("leaking/own-rules/", own_rules_page, name="own_rules"),
    path("leaking/rules/<int:pk>/", rule_page, name="rule"),
    path("leaking/balance-form/", balance_form_page, name="balance_form"),
    path("api/leaking/balances/", EveryBalanceList.as_view(), name="every_balance"),
]
