"""Catalogue, matrix, listing and compliance pages: what a seller sees and can do."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from listings.models import ComplianceDocument, FxRate, Listing, Product, ProductImage
from listings.services.publishing import publish_products, select_marketplaces
from listings.tests.factories import FxRateFactory, ListingFactory, ProductFactory
from portal.models import JobRun

pytestmark = pytest.mark.django_db


def png_bytes(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def priced(ecb_rates):
    FxRateFactory(currency="EGP", base_currency="USD", rate=Decimal("48.60"), source=FxRate.Source.OPERATOR)


def test_product_list_searches_and_filters(owner_client, seller, other_seller):
    ProductFactory(seller=seller, sku="LAMP-1", title="Desk Lamp", brand="Brightora")
    ProductFactory(seller=seller, sku="POLE-1", title="Trekking Poles", brand="TrailNest", status="draft")
    ProductFactory(seller=other_seller, sku="LAMP-THEIRS", title="Desk Lamp")
    body = owner_client.get(reverse("listings:product_list"), {"q": "lamp"}).content.decode()
    assert "LAMP-1" in body
    assert "POLE-1" not in body
    assert "LAMP-THEIRS" not in body
    body = owner_client.get(reverse("listings:product_list"), {"status": "draft"}).content.decode()
    assert "POLE-1" in body
    assert "LAMP-1" not in body


def test_create_product_shows_validator_messages_beside_fields(owner_client, seller):
    data = {
        "sku": "NEW-1",
        "title": "Lamp",
        "gtin": "6948123001014",
        "hs_code": "94",
        "country_of_origin": "CN",
        "unit_cost_currency": "CNY",
        "source_language": "en",
        "status": "draft",
        "bullet_points": "One\nTwo",
        "attributes": "",
    }
    response = owner_client.post(reverse("listings:product_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "check digit" in errors["gtin"][0]
    assert "6 to 10 digits" in errors["hs_code"][0]
    assert not Product.objects.for_seller(seller).exists()

    data.update(gtin="6948123001013", hs_code="940520")
    response = owner_client.post(reverse("listings:product_create"), data)
    product = Product.objects.for_seller(seller).get(sku="NEW-1")
    assert response.url == reverse("listings:product_edit", args=[product.pk])
    assert product.bullet_points == ["One", "Two"]


def test_viewers_cannot_create_products(client, seller, make_member):
    client.force_login(make_member(seller, role="viewer"))
    response = client.post(reverse("listings:product_create"), {"sku": "X", "title": "Y"})
    assert response.status_code == 403
    assert not Product.objects.for_seller(seller).exists()


def test_image_upload_sniffs_content_and_makes_a_thumbnail(owner_client, seller, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory(seller=seller)
    url = reverse("listings:product_image_upload", args=[product.pk])
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.7 not an image", content_type="image/png")
    owner_client.post(url, {"image": fake})
    assert not ProductImage.objects.for_seller(seller).exists()

    owner_client.post(url, {"image": SimpleUploadedFile("photo.jpg", png_bytes(), content_type="image/jpeg")})
    image = ProductImage.objects.for_seller(seller).get()
    assert image.content_type == "image/png"  # from the bytes, not the name
    assert (image.width, image.height) == (640, 480)
    with Image.open(image.thumbnail.path) as thumb:
        assert max(thumb.size) == 256


def test_image_too_big_is_refused(owner_client, seller, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRODUCT_IMAGE_MAX_BYTES = 1000
    product = ProductFactory(seller=seller)
    owner_client.post(
        reverse("listings:product_image_upload", args=[product.pk]),
        {"image": SimpleUploadedFile("big.png", png_bytes(), content_type="image/png")},
    )
    assert not ProductImage.objects.for_seller(seller).exists()


def test_compliance_document_upload_unblocks_on_republish(owner_client, seller, priced, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lamp = ProductFactory(seller=seller, category="Home & Kitchen > Lighting")
    markets = select_marketplaces(codes=["UK"])
    publish_products(seller=seller, products=[lamp], marketplaces=markets)
    listing = Listing.objects.for_seller(seller).get()
    body = owner_client.get(reverse("listings:listing_detail", args=[listing.pk])).content.decode()
    assert "UK: UKCA marking" in body

    url = reverse("listings:product_document_upload", args=[lamp.pk])
    owner_client.post(url, {"document_type": "ukca", "file": SimpleUploadedFile("doc.pdf", b"MZ\x90 exe")})
    assert not ComplianceDocument.objects.for_seller(seller).exists()
    pdf = SimpleUploadedFile("ukca.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF")
    owner_client.post(url, {"document_type": "ukca", "file": pdf, "expires_on": "2030-01-01"})
    document = ComplianceDocument.objects.for_seller(seller).get()
    assert document.content_type == "application/pdf"

    publish_products(seller=seller, products=[lamp], marketplaces=markets)
    listing.refresh_from_db()
    assert listing.state == Listing.State.LIVE


def test_publish_page_starts_one_job_for_a_region(owner_client, seller, django_capture_on_commit_callbacks):
    products = ProductFactory.create_batch(2, seller=seller)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = owner_client.post(
            reverse("listings:publish"),
            {"products": ",".join(str(p.pk) for p in products), "scope": "region", "region": "EU"},
        )
    job = JobRun.objects.for_seller(seller).get()
    assert response.url == reverse("job_detail", kwargs={"job_id": job.pk})
    assert len(queued) == 1
    assert job.params["marketplaces"] == ["BE", "DE", "ES", "FR", "IE", "IT", "NL", "PL", "SE", "TR", "UK"]


def test_publish_page_refuses_no_marketplace(owner_client, seller):
    product = ProductFactory(seller=seller)
    response = owner_client.post(reverse("listings:publish"), {"products": str(product.pk), "scope": "some"})
    assert response.status_code == 200
    assert "marketplaces" in response.context["form"].errors
    assert not JobRun.objects.for_seller(seller).exists()


def test_matrix_query_count_does_not_grow_with_products(owner_client, seller, django_assert_max_num_queries):
    def fill(count):
        for product in ProductFactory.create_batch(count, seller=seller):
            ListingFactory(seller=seller, product=product)

    fill(5)
    with django_assert_max_num_queries(10) as few:
        assert owner_client.get(reverse("listings:matrix")).status_code == 200
    fill(45)
    with django_assert_max_num_queries(10) as many:
        response = owner_client.get(reverse("listings:matrix"))
    assert len(response.context["matrix"].rows) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_matrix_filters_and_bulk_pause(owner_client, seller, other_seller):
    live = ListingFactory(seller=seller)
    paused = ListingFactory(seller=seller, state="paused")
    theirs = ListingFactory(seller=other_seller)
    body = owner_client.get(reverse("listings:matrix"), {"state": "paused"}).content.decode()
    assert paused.product.sku in body
    assert live.product.sku not in body
    body = owner_client.get(reverse("listings:matrix"), {"region": "EU"}).content.decode()
    assert ">US<" not in body.replace(" US<", ">US<")  # US column hidden for Europe

    owner_client.post(
        reverse("listings:matrix_action"), {"action": "pause", "listing": [live.pk, paused.pk, theirs.pk]}
    )
    live.refresh_from_db()
    theirs.refresh_from_db()
    assert live.state == "paused"
    assert theirs.state == "live"  # another seller's ids are ignored


def test_override_and_reset_from_the_listing_page(owner_client, seller):
    listing = ListingFactory(seller=seller, title="Inherited title")
    url = reverse("listings:listing_override", args=[listing.pk])
    owner_client.post(url, {"field": "title", "value": "My UK title"})
    listing.refresh_from_db()
    assert listing.title == "My UK title"
    assert "title" in listing.overrides
    owner_client.post(reverse("listings:listing_reset", args=[listing.pk]), {"key": "title"})
    listing.refresh_from_db()
    assert listing.title == "Inherited title"
    assert listing.overrides == {}


def test_export_download(owner_client, seller):
    ProductFactory(seller=seller, sku="EXP-1")
    response = owner_client.get(reverse("listings:product_export"), {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="products.csv"'
    assert "EXP-1" in response.content.decode("utf-8-sig")
    assert owner_client.get(reverse("listings:product_export"), {"format": "pdf"}).status_code == 400


def test_import_page_previews_then_imports(owner_client, seller, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    csv = b"sku,title\nIMP-1,Lamp\nIMP-2,\n"
    response = owner_client.post(
        reverse("listings:product_import"),
        {"file": SimpleUploadedFile("p.csv", csv, content_type="text/csv")},
    )
    assert response.context["report"].dry_run
    assert not Product.objects.for_seller(seller).exists()
    token = response.context["token"]
    response = owner_client.post(reverse("listings:product_import"), {"token": token})
    assert list(Product.objects.for_seller(seller).values_list("sku", flat=True)) == ["IMP-1"]
    assert response.context["report"].errors[0]["row"] == 3


def test_other_sellers_objects_answer_404_on_every_page(owner_client, other_seller):
    listing = ListingFactory(seller=other_seller)
    for name in ("product_edit", "product_image_upload", "product_document_upload"):
        url = reverse(f"listings:{name}", args=[listing.product_id])
        response = owner_client.get(url) if name == "product_edit" else owner_client.post(url, {})
        assert response.status_code == 404, name
    for name in ("listing_detail", "listing_override", "listing_reset", "listing_state"):
        url = reverse(f"listings:{name}", args=[listing.pk])
        response = (
            owner_client.get(url) if name == "listing_detail" else owner_client.post(url, {"action": "end"})
        )
        assert response.status_code == 404, name
    listing.refresh_from_db()
    assert listing.state == "live"
