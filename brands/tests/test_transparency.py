"""Transparency: enrolment, code batches as GS1 Digital Links, export, labels, scans."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from brands.engine.gtin import is_valid_gtin
from brands.models import Brand, TransparencyBatch, TransparencyCode
from brands.services import transparency
from brands.tasks.transparency import generate_codes
from brands.tests.factories import BrandFactory, TransparencyBatchFactory, TransparencyCodeFactory
from listings.tests.factories import ProductFactory
from portal.exceptions import Conflict, InvalidInput
from portal.models import JobRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enrolment(seller, brand):
    product = ProductFactory(seller=seller, brand="Lumivex", gtin="6948123001327")
    return transparency.enrol_product(seller=seller, product_id=product.pk)


def test_enrolment_needs_a_verified_brand_and_a_valid_gtin(seller, brand):
    unbranded = ProductFactory(seller=seller, brand="Someone Else")
    pending = BrandFactory(seller=seller, name="Nightjar", status=Brand.Status.PENDING)
    of_pending = ProductFactory(seller=seller, brand=pending.name, sku="P-2")
    for product in (unbranded, of_pending):
        with pytest.raises(InvalidInput) as error:
            transparency.enrol_product(seller=seller, product_id=product.pk)
        assert "product" in error.value.fields
    enrolment = transparency.enrol_product(
        seller=seller, product_id=ProductFactory(seller=seller, brand="LUMIVEX", sku="P-3").pk
    )
    assert enrolment.gtin == "06948123001327"
    assert is_valid_gtin(enrolment.gtin)
    with pytest.raises(Conflict):
        transparency.enrol_product(seller=seller, product_id=enrolment.product_id)


def test_a_batch_is_a_job_that_writes_unique_unguessable_codes(
    seller, enrolment, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = transparency.start_code_batch(seller=seller, enrolment=enrolment, quantity=2500, actor=owner)
    assert len(queued) == 1
    generate_codes(batch.job.pk)  # what the worker runs
    generate_codes(batch.job.pk)  # a second delivery changes nothing
    batch.refresh_from_db()
    job = JobRun.objects.for_seller(seller).get(pk=batch.job_id)
    assert (batch.status, job.status, job.summary["codes"]) == ("ready", "succeeded", 2500)
    serials = list(TransparencyCode.objects.for_seller(seller).values_list("serial", flat=True))
    assert len(serials) == len(set(serials)) == 2500
    assert (
        transparency.code_uri(enrolment.gtin, serials[0])
        == f"https://id.nggs.example/01/06948123001327/21/{serials[0]}"
    )


@pytest.mark.parametrize("quantity", [0, -1, 1_000_001, "many"])
def test_a_batch_size_outside_1_to_a_million_is_refused(seller, enrolment, quantity):
    with pytest.raises(InvalidInput) as error:
        transparency.start_code_batch(seller=seller, enrolment=enrolment, quantity=quantity)
    assert "quantity" in error.value.fields
    assert not TransparencyBatch.objects.for_seller(seller).exists()


def test_a_scanned_code_answers_authentic_then_how_often_it_was_scanned(seller, enrolment):
    code = TransparencyCodeFactory(
        seller=seller, batch=TransparencyBatchFactory(seller=seller, enrolment=enrolment)
    )
    first = transparency.record_scan(gtin=code.gtin, serial=code.serial, country="de")
    assert (first.status, first.brand) == ("authentic", "Lumivex")
    again = transparency.record_scan(gtin=code.gtin, serial=code.serial, country="US")
    again = transparency.record_scan(gtin=code.gtin, serial=code.serial, country="US")
    assert (again.status, again.scans, again.first_scan_country) == ("already_scanned", 2, "DE")
    assert len(again.first_scan_month) == 7


def test_a_made_up_code_answers_unknown(seller, enrolment):
    assert transparency.record_scan(gtin=enrolment.gtin, serial="ABCDEFGHIJKLM").status == "unknown"
    assert transparency.record_scan(gtin="06948123001328", serial="ABCDEFGHIJKLM").status == "unknown"


def test_the_public_page_answers_without_sign_in(client, seller, enrolment):
    code = TransparencyCodeFactory(
        seller=seller, batch=TransparencyBatchFactory(seller=seller, enrolment=enrolment)
    )
    response = client.get(f"/01/{code.gtin}/21/{code.serial}")
    assert response.status_code == 200
    assert "Authentic" in response.content.decode()
    made_up = client.get(f"/01/{code.gtin}/21/AAAAAAAAAAAAA")
    assert "Unknown code" in made_up.content.decode()


def test_the_verification_endpoint_is_throttled_per_client(seller, enrolment, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "transparency_scan": "3/minute",
        },
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    code = TransparencyCodeFactory(
        seller=seller, batch=TransparencyBatchFactory(seller=seller, enrolment=enrolment)
    )
    api = APIClient()
    answers = [
        api.get("/api/v1/transparency/verify/", {"gtin": code.gtin, "serial": code.serial}) for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.json().get("status") for a in answers[:3]] == [
        "authentic",
        "already_scanned",
        "already_scanned",
    ]
    # Another client is not held back; the page shares the limit with the endpoint.
    assert (
        api.get(
            "/api/v1/transparency/verify/", {"gtin": code.gtin, "serial": code.serial}, REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 200
    )
    assert APIClient().get(f"/01/{code.gtin}/21/{code.serial}").status_code == 429
    api_settings.reload()


def test_the_verification_endpoint_names_the_bad_field(db):
    response = APIClient().get("/api/v1/transparency/verify/", {"gtin": "123", "serial": "ABCDEFGHIJKLM"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"gtin"}


def test_csv_export_and_label_sheets(owner_client, seller, enrolment):
    batch = TransparencyBatchFactory(seller=seller, enrolment=enrolment, quantity=2)
    codes = [TransparencyCodeFactory(seller=seller, batch=batch) for _ in range(2)]
    response = owner_client.get(f"/brands/transparency/batches/{batch.pk}/codes.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["gtin", "serial", "uri"]
    assert rows[1] == [
        enrolment.gtin,
        codes[0].serial,
        f"https://id.nggs.example/01/{enrolment.gtin}/21/{codes[0].serial}",
    ]
    labels = owner_client.get(f"/brands/transparency/batches/{batch.pk}/labels/").content.decode()
    assert labels.count("<svg") == 2
    assert codes[1].serial in labels


def test_inbound_knows_which_products_need_codes_and_which_serials_are_not_theirs(
    seller, enrolment, other_seller
):
    from brands.selectors.transparency import products_requiring_codes, unknown_serials

    plain = ProductFactory(seller=seller, sku="NO-CODES")
    assert products_requiring_codes(seller=seller, product_ids=[enrolment.product_id, plain.pk]) == {
        enrolment.product_id
    }
    code = TransparencyCodeFactory(
        seller=seller, batch=TransparencyBatchFactory(seller=seller, enrolment=enrolment)
    )
    theirs = TransparencyCodeFactory(seller=other_seller)
    scanned = [code.serial, "AAAAAAAAAAAAA", theirs.serial]
    assert unknown_serials(seller=seller, product_id=enrolment.product_id, serials=scanned) == [
        "AAAAAAAAAAAAA",
        theirs.serial,
    ]
