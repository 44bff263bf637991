"""The products, listings and publish endpoints: scopes, filters, 202 jobs, other sellers' 404s."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from listings.models import Product
from listings.tests.factories import ListingFactory, ProductFactory
from portal.models import JobRun
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db


def client_with(seller, scopes):
    _, raw = create_api_key(seller=seller, name="partner", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def writer(seller):
    return client_with(seller, ["listings:read", "listings:write"])


def test_create_product_validates_fields(writer, seller):
    bad = writer.post(
        "/api/v1/products/", {"sku": "A-1", "title": "Lamp", "gtin": "6948123001014"}, format="json"
    )
    assert bad.status_code == 400
    assert "gtin" in bad.json()["fields"]
    ok = writer.post(
        "/api/v1/products/",
        {"sku": "A-1", "title": "Lamp", "gtin": "6948123001013", "bullet_points": ["One"]},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    duplicate = writer.post("/api/v1/products/", {"sku": "A-1", "title": "Again"}, format="json")
    assert duplicate.status_code == 400
    assert "sku" in duplicate.json()["fields"]
    assert Product.objects.for_seller(seller).count() == 1


def test_read_scope_cannot_write(seller):
    reader = client_with(seller, ["listings:read"])
    assert reader.get("/api/v1/products/").status_code == 200
    assert reader.post("/api/v1/products/", {"sku": "X", "title": "Y"}, format="json").status_code == 403
    assert (
        reader.post("/api/v1/publish/", {"products": [1], "marketplaces": "all"}, format="json").status_code
        == 403
    )


def test_product_filters(writer, seller, other_seller):
    ProductFactory(seller=seller, sku="LAMP-1", brand="Brightora", status="active")
    ProductFactory(seller=seller, sku="POLE-1", brand="TrailNest", status="draft")
    ProductFactory(seller=other_seller, sku="LAMP-2", brand="Brightora")
    skus = [p["sku"] for p in writer.get("/api/v1/products/", {"brand": "Brightora"}).json()["results"]]
    assert skus == ["LAMP-1"]
    skus = [p["sku"] for p in writer.get("/api/v1/products/", {"status": "draft"}).json()["results"]]
    assert skus == ["POLE-1"]


def test_publish_answers_202_with_the_job(writer, seller, django_capture_on_commit_callbacks):
    product = ProductFactory(seller=seller)
    with django_capture_on_commit_callbacks(execute=False):
        response = writer.post(
            "/api/v1/publish/", {"products": [product.pk], "marketplaces": ["US", "DE"]}, format="json"
        )
    assert response.status_code == 202, response.json()
    job = JobRun.objects.for_seller(seller).get(pk=response.json()["id"])
    assert job.params["marketplaces"] == ["DE", "US"]
    with django_capture_on_commit_callbacks(execute=False):
        response = writer.post(
            f"/api/v1/products/{product.pk}/publish/", {"marketplaces": "all"}, format="json"
        )
    assert response.status_code == 202
    assert len(JobRun.objects.for_seller(seller).get(pk=response.json()["id"]).params["marketplaces"]) == 23


def test_publish_with_an_idempotency_key_starts_one_job(writer, seller, django_capture_on_commit_callbacks):
    product = ProductFactory(seller=seller)
    body = {"products": [product.pk], "marketplaces": ["US"]}
    with django_capture_on_commit_callbacks(execute=False):
        first = writer.post("/api/v1/publish/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        second = writer.post("/api/v1/publish/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert JobRun.objects.for_seller(seller).count() == 1


def test_publish_refuses_unknown_marketplaces_and_other_sellers_products(writer, seller, other_seller):
    mine = ProductFactory(seller=seller)
    theirs = ProductFactory(seller=other_seller)
    response = writer.post(
        "/api/v1/publish/", {"products": [mine.pk], "marketplaces": ["US", "XX"]}, format="json"
    )
    assert response.status_code == 400
    assert "XX" in str(response.json()["fields"]["marketplaces"])
    response = writer.post(
        "/api/v1/publish/", {"products": [theirs.pk], "marketplaces": "all"}, format="json"
    )
    assert response.status_code == 400
    assert "products" in response.json()["fields"]
    assert (
        writer.post(
            f"/api/v1/products/{theirs.pk}/publish/", {"marketplaces": "all"}, format="json"
        ).status_code
        == 404
    )
    assert not JobRun.objects.for_seller(seller).exists()


def test_listings_filter_and_pause_end(writer, seller, other_seller, django_assert_max_num_queries):
    us = ListingFactory(seller=seller, state="live")
    ListingFactory(seller=seller, state="paused")
    theirs = ListingFactory(seller=other_seller)
    with django_assert_max_num_queries(8):
        results = writer.get("/api/v1/listings/", {"marketplace": "US", "state": "live"}).json()["results"]
    assert [r["id"] for r in results] == [us.pk]
    assert results[0]["currency"] == "USD"
    assert writer.post(f"/api/v1/listings/{us.pk}/pause/").json()["state"] == "paused"
    assert writer.post(f"/api/v1/listings/{us.pk}/pause/").status_code == 409
    assert writer.post(f"/api/v1/listings/{us.pk}/end/").json()["state"] == "ended"
    assert writer.post(f"/api/v1/listings/{theirs.pk}/end/").status_code == 404
    assert writer.get(f"/api/v1/listings/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "live"
