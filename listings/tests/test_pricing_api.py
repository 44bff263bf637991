"""Partner API: /fx-rates/, /translations/ (write, approve), /reviews/ (batch import, list)."""

import pytest
from rest_framework.test import APIClient

from listings.models import Review, Translation
from listings.tests.pricing_factories import ProductFactory, TranslationFactory
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db


def client_for(seller, scopes=("listings:read", "listings:write")):
    _key, raw = create_api_key(seller=seller, name="ERP", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_fx_rates_list_filters_by_currency(seller, ecb_rates, django_assert_max_num_queries):
    api = client_for(seller)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/fx-rates/", {"currency": "jpy"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["currency"], r["rate"], r["rate_date"], r["source"]) for r in rows] == [
        ("JPY", "166.42000000", "2026-11-20", "ecb")
    ]


def test_fx_rates_need_the_read_scope(seller, ecb_rates):
    response = client_for(seller, scopes=("seller:read",)).get("/api/v1/fx-rates/")
    assert response.status_code == 403


def test_create_translation_then_approve(seller):
    product = ProductFactory(seller=seller)
    api = client_for(seller)
    response = api.post(
        "/api/v1/translations/",
        {
            "product": product.pk,
            "locale": "de",
            "title": "Lampe",
            "bullet_points": ["Hell"],
            "origin": "machine",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="t-1",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["origin"], body["approved"]) == ("machine", False)

    approved = api.post(f"/api/v1/translations/{body['id']}/approve/")
    assert approved.status_code == 200
    assert approved.json()["approved"] is True
    assert Translation.objects.for_seller(seller).get().approved is True


def test_translation_bad_input_names_the_field_and_stores_nothing(seller):
    product = ProductFactory(seller=seller)
    response = client_for(seller).post(
        "/api/v1/translations/", {"product": product.pk, "locale": "German", "title": "Lampe"}, format="json"
    )
    assert response.status_code == 400
    assert "locale" in response.json()["fields"]
    assert not Translation.objects.for_seller(seller).exists()


def test_translation_of_another_sellers_product_is_refused(seller, other_seller):
    theirs = ProductFactory(seller=other_seller)
    response = client_for(seller).post(
        "/api/v1/translations/", {"product": theirs.pk, "locale": "de", "title": "Lampe"}, format="json"
    )
    assert response.status_code == 400
    assert "product" in response.json()["fields"]


def test_another_sellers_translation_is_404_and_not_listed(seller, other_seller):
    theirs = TranslationFactory(product=ProductFactory(seller=other_seller))
    api = client_for(seller)
    assert api.get(f"/api/v1/translations/{theirs.pk}/").status_code == 404
    assert api.post(f"/api/v1/translations/{theirs.pk}/approve/").status_code == 404
    assert api.get("/api/v1/translations/").json()["results"] == []


def test_reviews_batch_import_answers_per_item(seller, other_seller):
    product = ProductFactory(seller=seller, sku="BH-LAMP-01")
    api = client_for(seller)
    item = {
        "product_sku": "BH-LAMP-01",
        "marketplace": "US",
        "external_id": "R2X9",
        "rating": 5,
        "title": "Bright",
        "reviewed_at": "2026-11-20T10:00:00Z",
        "is_vine": True,
    }
    response = api.post(
        "/api/v1/reviews/",
        {"reviews": [item, {**item, "external_id": "R2Y0", "rating": 0}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="batch-1",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["invalid"]) == (1, 1)
    assert body["results"][1]["errors"] == {"rating": ["A whole number from 1 to 5."]}

    listed = api.get("/api/v1/reviews/", {"product": product.pk, "is_vine": "true"}).json()["results"]
    assert [(r["external_id"], r["marketplace"], r["product_sku"]) for r in listed] == [
        ("R2X9", "US", "BH-LAMP-01")
    ]
    assert client_for(other_seller).get("/api/v1/reviews/").json()["results"] == []
    other = Review.objects.for_seller(seller).get()
    assert client_for(other_seller).get(f"/api/v1/reviews/{other.pk}/").status_code == 404


def test_reviews_import_without_a_list_is_400_naming_the_field(seller):
    response = client_for(seller).post("/api/v1/reviews/", {"reviews": "many"}, format="json")
    assert response.status_code == 400
    assert "reviews" in response.json()["fields"]


def test_reviews_list_query_count_is_constant(seller, django_assert_max_num_queries):
    api = client_for(seller)
    product = ProductFactory(seller=seller)
    items = [
        {
            "product": product.pk,
            "marketplace": "DE",
            "external_id": str(i),
            "rating": 4,
            "reviewed_at": "2026-11-20T10:00:00Z",
        }
        for i in range(30)
    ]
    api.post("/api/v1/reviews/", {"reviews": items}, format="json")
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/reviews/")
    assert len(response.json()["results"]) == 30
