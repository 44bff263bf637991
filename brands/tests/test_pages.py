"""The brand protection pages: what owners and accused sellers see, and what they may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brands.models import Brand, BrandAuthorisation, BrandCase
from brands.tests.factories import (
    BrandAuthorisationFactory,
    BrandCaseFactory,
    BrandFactory,
    TakedownFactory,
    TransparencyBatchFactory,
    TransparencyEnrolmentFactory,
)
from portal.models import Marketplace

pytestmark = pytest.mark.django_db


def test_the_overview_and_lists_render_in_english_and_chinese(owner_client, seller, brand):
    BrandCaseFactory(seller=seller, brand=brand)
    for url in (
        "/brands/",
        "/brands/cases/",
        "/brands/project-zero/",
        "/brands/notices/",
        "/brands/transparency/",
    ):
        assert owner_client.get(url).status_code == 200, url
    page = owner_client.get("/brands/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "品牌保护" in page


def test_applying_on_the_page_names_the_bad_field(owner_client, seller, certificate):
    response = owner_client.post(
        "/brands/apply/",
        {
            "name": "Lumivex",
            "trademark_number": "1",
            "office": "EUIPO",
            "classes": "99",
            "trademark_status": "registered",
        },
    )
    assert response.status_code == 200
    assert "1 to 45" in response.content.decode()
    assert not Brand.objects.for_seller(seller).exists()
    response = owner_client.post(
        "/brands/apply/",
        {
            "name": "Lumivex",
            "trademark_number": "018765432",
            "office": "EUIPO",
            "classes": "9, 11",
            "trademark_status": "registered",
            "evidence": [certificate],
        },
    )
    brand = Brand.objects.for_seller(seller).get()
    assert response.status_code == 302
    assert response.url == reverse("brands:brand_detail", args=[brand.pk])


def test_the_owner_authorises_a_reseller_on_the_brand_page(owner_client, seller, brand, other_seller):
    response = owner_client.post(f"/brands/{brand.pk}/authorise/", {"seller": "nobody", "role": "reseller"})
    assert "No active seller has this seller ID" in response.content.decode()
    owner_client.post(
        f"/brands/{brand.pk}/authorise/", {"seller": other_seller.slug, "marketplace": "DE", "role": "agency"}
    )
    authorisation = BrandAuthorisation.objects.for_seller(seller).get()
    assert (authorisation.authorised_seller, authorisation.marketplace.code) == (other_seller, "DE")


def test_a_case_page_marks_the_match_and_confirming_requests_removal(owner_client, seller, brand):
    case = BrandCaseFactory(
        seller=seller,
        brand=brand,
        evidence={"field": "title", "text": "Best Lumіvех buds", "start": 5, "end": 12, "marketplace": "US"},
    )
    page = owner_client.get(f"/brands/cases/{case.pk}/").content.decode()
    assert "Best <mark>Lumіvех</mark> buds" in page
    owner_client.post(f"/brands/cases/{case.pk}/confirm/")
    case.refresh_from_db()
    assert case.status == BrandCase.Status.REQUESTED


def test_the_case_list_filters_with_htmx_in_constant_queries(
    owner_client, seller, brand, django_assert_max_num_queries
):
    BrandCaseFactory.create_batch(3, seller=seller, brand=brand)
    BrandCaseFactory(seller=seller, brand=brand, status=BrandCase.Status.DISMISSED)
    owner_client.get("/brands/cases/")
    with django_assert_max_num_queries(12) as few:
        owner_client.get("/brands/cases/", {"status": "open"}, HTTP_HX_REQUEST="true")
    BrandCaseFactory.create_batch(20, seller=seller, brand=brand)
    with django_assert_max_num_queries(12) as many:
        response = owner_client.get("/brands/cases/", {"status": "open"}, HTTP_HX_REQUEST="true")
    assert len(many) == len(few)
    body = response.content.decode()
    assert body.count("/brands/cases/") >= 23
    assert "<html" not in body


def test_viewers_can_look_but_not_confirm(client, make_member, seller, brand):
    case = BrandCaseFactory(seller=seller, brand=brand)
    client.force_login(make_member(seller, "viewer"))
    assert client.get(f"/brands/cases/{case.pk}/").status_code == 200
    assert client.post(f"/brands/cases/{case.pk}/confirm/").status_code == 403
    case.refresh_from_db()
    assert case.status == BrandCase.Status.OPEN


@pytest.mark.parametrize(
    "make",
    [
        lambda s: ("brand_detail", BrandFactory(seller=s)),
        lambda s: ("brand_authorise", BrandFactory(seller=s)),
        lambda s: ("authorisation_revoke", BrandAuthorisationFactory(seller=s)),
        lambda s: ("case_detail", BrandCaseFactory(seller=s)),
        lambda s: ("case_confirm", BrandCaseFactory(seller=s)),
        lambda s: ("case_dismiss", BrandCaseFactory(seller=s)),
        lambda s: ("notice_detail", TakedownFactory(seller=s)),
        lambda s: ("batch_create", TransparencyEnrolmentFactory(seller=s)),
        lambda s: ("batch_detail", TransparencyBatchFactory(seller=s)),
        lambda s: ("batch_csv", TransparencyBatchFactory(seller=s)),
        lambda s: ("batch_labels", TransparencyBatchFactory(seller=s)),
    ],
)
def test_another_sellers_object_answers_404_on_every_page(owner_client, other_seller, make):
    name, obj = make(other_seller)
    url = reverse(f"brands:{name}", args=[obj.pk])
    assert owner_client.get(url).status_code in (404, 405)
    assert owner_client.post(url, {"quantity": 5, "seller": "x", "statement": "x"}).status_code in (404, 405)
    if isinstance(obj, BrandCase):
        obj.refresh_from_db()
        assert obj.status == BrandCase.Status.OPEN


def test_the_authorisation_list_shows_the_marketplace(owner_client, seller, brand, other_seller):
    BrandAuthorisationFactory(
        seller=seller,
        brand=brand,
        authorised_seller=other_seller,
        marketplace=Marketplace.objects.get(code="JP"),
    )
    page = owner_client.get(f"/brands/{brand.pk}/").content.decode()
    assert other_seller.name in page
    assert "JP" in page
