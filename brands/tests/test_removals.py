"""From case to removal: confirm, uphold in every marketplace at once, the register, appeals."""

from __future__ import annotations

import pytest
from django.http import Http404

from brands.models import BrandCase, Takedown
from brands.services import cases, takedowns
from brands.services.monitoring import run_monitoring
from brands.tests.factories import BrandCaseFactory
from listings.models import Listing
from listings.tests.factories import ListingFactory, ProductFactory
from portal.exceptions import Conflict, InvalidInput
from portal.models import AuditEvent, Marketplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def everywhere(copycat):
    """A look-alike product of the copycat, live in all 23 marketplaces."""
    product = ProductFactory(seller=copycat, title="Lumіvех earbuds", brand="Generic", gtin="6948123001327")
    for market in Marketplace.objects.all():
        ListingFactory(
            seller=copycat,
            product=product,
            marketplace=market,
            marketplace_sku=f"X-{market.code}",
            title=product.title,
        )
    return product


@pytest.fixture
def case(brand, everywhere):
    run_monitoring()
    return BrandCase.objects.for_seller(brand.seller).get()


def states(seller, product):
    return sorted(
        set(Listing.objects.for_seller(seller).filter(product=product).values_list("state", flat=True))
    )


def test_confirming_requests_a_removal_and_notifies_the_accused(seller, owner, case, copycat):
    case = cases.confirm_case(seller=seller, case=case, actor=owner)
    assert case.status == BrandCase.Status.REQUESTED
    notice = Takedown.objects.for_seller(copycat).get()
    assert (notice.status, notice.brand_name, notice.matched_text) == (
        Takedown.Status.NOTICE,
        "Lumivex",
        "Lumіvех",
    )
    assert states(copycat, case.product) == ["live"]  # nothing ends before operators decide
    listing = Listing.objects.for_seller(copycat).filter(product=case.product).first()
    assert (
        "Brand infringement notice (Lumivex): see Brand protection → Notices to appeal." in listing.problems
    )


def test_an_upheld_removal_ends_all_23_offers_in_one_transaction(seller, case, copycat, everywhere, operator):
    assert Marketplace.objects.count() == 23
    cases.confirm_case(seller=seller, case=case)
    case = cases.uphold_removal(case=case, operator=operator)
    assert case.status == BrandCase.Status.REMOVED
    assert Listing.objects.for_seller(copycat).filter(product=everywhere, state="ended").count() == 23
    notice = Takedown.objects.for_seller(copycat).get()
    assert (notice.status, notice.listings_ended) == (Takedown.Status.REMOVED, 23)
    assert AuditEvent.objects.for_seller(copycat).filter(action="brands.listing_removed").count() == 1


def test_a_removal_that_fails_half_way_changes_nothing(
    seller, case, copycat, everywhere, operator, monkeypatch
):
    cases.confirm_case(seller=seller, case=case)

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("brands.services.cases.project_zero.review_membership", broken)
    with pytest.raises(RuntimeError):
        cases.uphold_removal(case=case, operator=operator)
    assert states(copycat, everywhere) == ["live"]
    assert BrandCase.objects.for_seller(seller).get().status == BrandCase.Status.REQUESTED
    assert Takedown.objects.for_seller(copycat).get().status == Takedown.Status.NOTICE


def test_rejecting_needs_a_reason_and_keeps_the_offers(seller, case, copycat, everywhere, operator):
    cases.confirm_case(seller=seller, case=case)
    with pytest.raises(InvalidInput) as error:
        cases.reject_removal(case=case, operator=operator, reason="")
    assert "reason" in error.value.fields
    case = cases.reject_removal(case=case, operator=operator, reason="A generic word, not the mark.")
    assert case.status == BrandCase.Status.REJECTED
    assert states(copycat, everywhere) == ["live"]


def test_decisions_refuse_cases_in_the_wrong_state(seller, case, operator):
    with pytest.raises(Conflict):
        cases.uphold_removal(case=case, operator=operator)
    cases.dismiss_case(seller=seller, case=case, reason="It is our distributor.")
    with pytest.raises(Conflict):
        cases.confirm_case(seller=seller, case=case)


def test_listing_the_removed_product_again_is_blocked_until_an_appeal_wins(
    seller, case, copycat, everywhere, operator
):
    from listings.services.publishing import publish_products, select_marketplaces

    cases.confirm_case(seller=seller, case=case)
    cases.uphold_removal(case=case, operator=operator)
    Listing.objects.for_seller(copycat).filter(product=everywhere).update(
        state=Listing.State.LIVE
    )  # a relist
    same_gtin = ProductFactory(seller=copycat, sku="NEW-SKU", gtin=everywhere.gtin, title="Earbuds")
    publish_products(
        seller=copycat, products=[everywhere, same_gtin], marketplaces=select_marketplaces(codes=["US"])
    )
    blocked = Listing.objects.for_seller(copycat).filter(state=Listing.State.BLOCKED)
    assert set(blocked.values_list("product_id", flat=True)) == {everywhere.pk, same_gtin.pk}
    assert all("brand_takedown" in [r["rule"] for r in listing.blocked_reasons] for listing in blocked)

    notice = Takedown.objects.for_seller(copycat).get()
    appeal = takedowns.file_appeal(
        seller=copycat, takedown=notice, statement="We hold a licence from the owner."
    )
    takedowns.decide_appeal(appeal=appeal, won=True, operator=operator, reason="The licence is genuine.")
    assert takedowns.blocked_product_ids(seller=copycat, product_ids=[everywhere.pk, same_gtin.pk]) == set()
    assert BrandCase.objects.for_seller(seller).get().status == BrandCase.Status.REINSTATED


def test_an_appeal_names_the_field_and_cannot_be_filed_twice(seller, case, copycat):
    cases.confirm_case(seller=seller, case=case)
    notice = Takedown.objects.for_seller(copycat).get()
    with pytest.raises(InvalidInput) as error:
        takedowns.file_appeal(seller=copycat, takedown=notice, statement="  ")
    assert "statement" in error.value.fields
    takedowns.file_appeal(seller=copycat, takedown=notice, statement="Genuine stock, invoices attached.")
    with pytest.raises(Conflict):
        takedowns.file_appeal(seller=copycat, takedown=notice, statement="Again.")


def test_the_accused_never_sees_the_owners_private_data(seller, owner, case, copycat, make_member, client):
    cases.confirm_case(seller=seller, case=case, actor=owner)
    notice = Takedown.objects.for_seller(copycat).get()
    client.force_login(make_member(copycat, "owner"))
    for url in ("/brands/notices/", f"/brands/notices/{notice.pk}/", "/brands/"):
        body = client.get(url).content.decode()
        assert "Lumivex" in body or url == "/brands/"
        for private in (seller.name, owner.username, "018765432", "certificate", str(case.score)):
            assert private not in body, (url, private)
    assert client.get(f"/brands/cases/{case.pk}/").status_code == 404


def test_the_owner_sees_its_own_cases_only(seller, other_seller):
    theirs = BrandCaseFactory(seller=other_seller)
    with pytest.raises(Http404):
        cases.access_case(seller=seller, case_id=theirs.pk)
