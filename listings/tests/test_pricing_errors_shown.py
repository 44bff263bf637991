"""A pricing rule refused for a bad value comes back with its form open and the error beside
the field; rates and margins read as percentages."""

import pytest
from django.urls import reverse

from listings.models import PricingRule
from portal.models import Marketplace

pytestmark = pytest.mark.django_db


def test_a_refused_marketplace_rule_reopens_its_form_with_the_error(owner_client, seller):
    response = owner_client.post(
        reverse("listings:pricing"),
        {
            "add_override": "1",
            "marketplace": Marketplace.objects.get(code="DE").pk,
            "method": "fx_markup",
            "markup": "35",
            "target_margin": "0.2",
        },
    )

    body = response.content.decode()
    assert "<details open>" in body
    assert 'class="errorlist' in body
    assert not PricingRule.objects.for_seller(seller).filter(marketplace__code="DE").exists()
