"""The registry: applying, operators verifying, one verified owner, authorisations."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from brands.models import Brand, BrandAuthorisation, BrandEvidence
from brands.services import registry
from brands.tests.factories import BrandFactory
from portal.exceptions import Conflict, InvalidInput
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def apply(seller, certificate, **overrides):
    values = {
        "name": "Lumivex",
        "trademark_number": "018765432",
        "office": "EUIPO",
        "classes": ["9", "11"],
        "gs1_prefixes": ["6948123"],
        "evidence": [certificate],
    }
    values.update(overrides)
    return registry.apply_for_brand(seller=seller, **values)


def test_an_application_waits_for_operators_with_its_evidence(seller, certificate, owner):
    brand = apply(seller, certificate, actor=owner)
    assert (brand.status, brand.classes, brand.gs1_prefixes) == (Brand.Status.PENDING, [9, 11], ["6948123"])
    evidence = BrandEvidence.objects.for_seller(seller).filter(brand=brand)
    assert [e.content_type for e in evidence] == ["application/pdf"]
    assert AuditEvent.objects.for_seller(seller).filter(action="brands.applied").count() == 1


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("name", {"name": "  "}),
        ("trademark_number", {"trademark_number": ""}),
        ("office", {"office": "XX"}),
        ("classes", {"classes": ["46"]}),
        ("classes", {"classes": ["nine"]}),
        ("gs1_prefixes", {"gs1_prefixes": ["12ab"]}),
        ("evidence", {"evidence": []}),
        (
            "evidence",
            {"evidence": [SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")]},
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(seller, certificate, field, overrides):
    with pytest.raises(InvalidInput) as error:
        apply(seller, certificate, **overrides)
    assert field in error.value.fields
    assert not Brand.objects.for_seller(seller).exists()


def test_operators_verify_and_the_decision_is_audited(seller, certificate, operator):
    brand = apply(seller, certificate)
    registry.verify_brand(brand=brand, operator=operator)
    brand.refresh_from_db()
    assert brand.status == Brand.Status.VERIFIED
    assert brand.decided_by == operator
    assert AuditEvent.objects.for_seller(seller).filter(action="brands.verified", actor=operator).exists()


def test_rejection_needs_a_reason_the_seller_sees(seller, certificate, operator):
    brand = apply(seller, certificate)
    with pytest.raises(InvalidInput) as error:
        registry.reject_brand(brand=brand, operator=operator, reason=" ")
    assert "reason" in error.value.fields
    registry.reject_brand(brand=brand, operator=operator, reason="The certificate is for another mark.")
    brand.refresh_from_db()
    assert (brand.status, brand.rejection_reason) == (
        Brand.Status.REJECTED,
        "The certificate is for another mark.",
    )


def test_one_verified_owner_per_brand(seller, other_seller, certificate, operator):
    first = apply(seller, certificate)
    second = apply(other_seller, certificate, name="LUMI-VEX")  # the same brand, written otherwise
    registry.verify_brand(brand=first, operator=operator)
    with pytest.raises(Conflict):
        registry.verify_brand(brand=second, operator=operator)
    second.refresh_from_db()
    assert second.status == Brand.Status.PENDING
    with pytest.raises(Conflict):
        apply(other_seller, certificate, name="lumivex")


def test_the_owner_authorises_a_reseller_per_marketplace(seller, other_seller, brand, owner):
    authorisation = registry.authorise_seller(
        seller=seller, brand=brand, seller_slug=other_seller.slug, marketplace_code="de", actor=owner
    )
    assert (authorisation.authorised_seller, authorisation.marketplace.code) == (other_seller, "DE")
    with pytest.raises(InvalidInput) as error:
        registry.authorise_seller(seller=seller, brand=brand, seller_slug="nobody", marketplace_code="XX")
    assert set(error.value.fields) == {"seller", "marketplace"}
    assert BrandAuthorisation.objects.for_seller(seller).count() == 1


def test_an_unverified_brand_cannot_authorise(seller, other_seller):
    pending = BrandFactory(seller=seller, status=Brand.Status.PENDING)
    with pytest.raises(InvalidInput) as error:
        registry.authorise_seller(seller=seller, brand=pending, seller_slug=other_seller.slug)
    assert "brand" in error.value.fields
