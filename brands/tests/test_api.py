"""The partner API of brand protection: scopes, tenancy, bad input, actions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from brands.models import Brand, BrandCase, TransparencyBatch
from brands.tests.conftest import PDF
from brands.tests.factories import (
    BrandCaseFactory,
    BrandFactory,
    TransparencyBatchFactory,
    TransparencyEnrolmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def brands_api(make_api_client, seller):
    client, _key = make_api_client(seller, scopes=("brands:read", "brands:write"))
    return client


def test_listing_needs_the_brands_scope(make_api_client, seller, brand):
    client, _key = make_api_client(seller, scopes=("listings:write",))
    response = client.get("/api/v1/brands/")
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")


def test_brands_are_listed_with_their_authorisations_in_constant_queries(
    brands_api, seller, brand, django_assert_max_num_queries
):
    BrandFactory.create_batch(5, seller=seller)
    with django_assert_max_num_queries(10):
        response = brands_api.get("/api/v1/brands/")
    assert response.status_code == 200
    assert {b["name"] for b in response.json()["results"]} >= {"Lumivex"}


def test_applying_through_the_api(brands_api, seller):
    response = brands_api.post(
        "/api/v1/brands/",
        {
            "name": "Nightjar",
            "trademark_number": "97123456",
            "office": "USPTO",
            "classes": [9, 11],
            "evidence": [SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["status"], response.json()["classes"]) == ("pending", [9, 11])


def test_a_bad_application_names_the_field_and_creates_nothing(brands_api, seller):
    response = brands_api.post(
        "/api/v1/brands/",
        {"name": "Nightjar", "trademark_number": "1", "office": "MARS", "classes": [9]},
        format="multipart",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"office", "evidence"}
    assert not Brand.objects.for_seller(seller).exists()


def test_cases_are_listed_confirmed_and_dismissed(brands_api, seller, brand):
    case = BrandCaseFactory(seller=seller, brand=brand)
    other = BrandCaseFactory(seller=seller, brand=brand)
    listed = brands_api.get("/api/v1/brand-cases/", {"status": "open"}).json()["results"]
    assert {c["id"] for c in listed} == {case.pk, other.pk}
    assert "accused_seller" not in listed[0]
    assert brands_api.post(f"/api/v1/brand-cases/{case.pk}/confirm/").json()["status"] == "requested"
    dismissed = brands_api.post(
        f"/api/v1/brand-cases/{other.pk}/dismiss/", {"reason": "Our distributor."}, format="json"
    )
    assert (dismissed.json()["status"], dismissed.json()["decision_reason"]) == (
        "dismissed",
        "Our distributor.",
    )
    again = brands_api.post(f"/api/v1/brand-cases/{other.pk}/confirm/")
    assert (again.status_code, again.json()["code"]) == (409, "conflict")


def test_another_sellers_objects_answer_404(brands_api, other_seller):
    brand = BrandFactory(seller=other_seller)
    case = BrandCaseFactory(seller=other_seller)
    batch = TransparencyBatchFactory(seller=other_seller)
    assert brands_api.get(f"/api/v1/brands/{brand.pk}/").status_code == 404
    assert (
        brands_api.post(
            f"/api/v1/brands/{brand.pk}/authorisations/", {"seller": "acme"}, format="json"
        ).status_code
        == 404
    )
    assert brands_api.get(f"/api/v1/brand-cases/{case.pk}/").status_code == 404
    assert brands_api.post(f"/api/v1/brand-cases/{case.pk}/confirm/").status_code == 404
    assert brands_api.get(f"/api/v1/transparency-batches/{batch.pk}/").status_code == 404
    case.refresh_from_db()
    assert case.status == BrandCase.Status.OPEN


def test_a_batch_is_ordered_with_an_idempotency_key(brands_api, seller, django_capture_on_commit_callbacks):
    enrolment = TransparencyEnrolmentFactory(seller=seller)
    body = {"enrolment": enrolment.pk, "quantity": 500}
    with django_capture_on_commit_callbacks(execute=False):
        first = brands_api.post(
            "/api/v1/transparency-batches/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
        again = brands_api.post(
            "/api/v1/transparency-batches/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
    assert first.status_code == 202
    assert first.json()["job"] is not None
    assert again.json() == first.json()
    assert TransparencyBatch.objects.for_seller(seller).count() == 1


def test_a_batch_for_another_sellers_enrolment_names_the_field(brands_api, other_seller, seller):
    theirs = TransparencyEnrolmentFactory(seller=other_seller)
    response = brands_api.post(
        "/api/v1/transparency-batches/", {"enrolment": theirs.pk, "quantity": 10}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"enrolment"}
    assert not TransparencyBatch.objects.with_scopes_disabled().filter(seller=seller).exists()
