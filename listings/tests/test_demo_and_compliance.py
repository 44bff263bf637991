"""Demo listings are idempotent; the daily sweep flags documents about to expire."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from listings.models import ComplianceDocument, Listing
from listings.services.compliance import expiring_documents, flag_expiring_documents
from listings.tests.factories import ComplianceDocumentFactory
from portal.models import AuditEvent, Seller

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_demo_listings_once():
    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        first = sorted(Listing.objects.values_list("marketplace_sku", "state", "synced_at"))
        bright = Seller.objects.get(slug="shenzhen-bright-home")
        assert Listing.objects.filter(seller=bright).count() == 4 * 8
        assert set(
            Listing.objects.filter(marketplace__code="AU").values_list("fulfilment_route", flat=True)
        ) == {"gwd_direct"}
    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        assert sorted(Listing.objects.values_list("marketplace_sku", "state", "synced_at")) == first
        assert ComplianceDocument.objects.count() == 2


def test_daily_sweep_flags_documents_about_to_expire_once(seller, other_seller):
    today = datetime.date(2026, 12, 1)
    soon = ComplianceDocumentFactory(seller=seller, expires_on=today + datetime.timedelta(days=10))
    later = ComplianceDocumentFactory(seller=seller, expires_on=today + datetime.timedelta(days=90))
    theirs = ComplianceDocumentFactory(seller=other_seller, expires_on=today + datetime.timedelta(days=3))

    assert flag_expiring_documents(today=today, within_days=30) == 2
    assert flag_expiring_documents(today=today, within_days=30) == 0
    with scopes_disabled():
        flagged = set(
            ComplianceDocument.objects.filter(expiry_flagged_at__isnull=False).values_list("pk", flat=True)
        )
        assert AuditEvent.objects.filter(action="platform.scope_opened").count() == 2
    assert flagged == {soon.pk, theirs.pk}
    assert list(expiring_documents(seller=seller, within_days=30, today=today)) == [soon]
    assert later.pk not in flagged


def test_an_expired_document_no_longer_meets_the_rule(seller):
    from listings.services.compliance import unmet_requirements
    from listings.tests.factories import ProductFactory
    from portal.models import Marketplace

    product = ProductFactory(seller=seller)
    ComplianceDocumentFactory(seller=seller, product=product, expires_on=datetime.date(2026, 1, 1))
    ie = Marketplace.objects.filter(code="IE")
    unmet = unmet_requirements(
        seller=seller, products=[product], marketplaces=ie, today=datetime.date(2026, 6, 1)
    )
    assert [u.rule for u in unmet[(product.pk, "IE")]] == ["eu-gpsr-responsible-person"]
    unmet = unmet_requirements(
        seller=seller, products=[product], marketplaces=ie, today=datetime.date(2025, 6, 1)
    )
    assert unmet == {}
