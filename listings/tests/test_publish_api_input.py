"""Bad input on the publish endpoints: 400 naming the field, and no job started."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from listings.tests.factories import ProductFactory
from portal.models import JobRun
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(seller):
    _, raw = create_api_key(seller=seller, name="partner", scopes=["listings:read", "listings:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def mine(seller):
    return ProductFactory(seller=seller)


@pytest.fixture
def theirs(other_seller):
    return ProductFactory(seller=other_seller)


BAD_BODIES = [
    pytest.param({"marketplaces": ["US", "XX"]}, "marketplaces", "XX", id="unknown-code"),
    pytest.param({"marketplaces": ["U S"]}, "marketplaces", "U S", id="malformed-code"),
    pytest.param({"marketplaces": []}, "marketplaces", "", id="empty-list"),
    pytest.param({"marketplaces": "some"}, "marketplaces", '"all"', id="neither-list-nor-all"),
    pytest.param({"marketplaces": [1, 2]}, "marketplaces", "", id="not-codes"),
    pytest.param({"marketplaces": ["  "]}, "marketplaces", "", id="blank-code"),
    pytest.param({}, "marketplaces", "", id="nothing-chosen"),
    pytest.param({"region": "ZZ"}, "region", "ZZ", id="unknown-region"),
    pytest.param({"region": ""}, "region", "", id="blank-region"),
    pytest.param({"marketplaces": ["US"], "gwd_direct": ["AU"]}, "gwd_direct", "AU", id="direct-not-chosen"),
]


@pytest.mark.parametrize(("body", "field", "named"), BAD_BODIES)
@pytest.mark.parametrize("endpoint", ["bulk", "product"])
def test_bad_choices_are_refused_naming_the_field_and_start_nothing(
    writer, seller, mine, body, field, named, endpoint, django_capture_on_commit_callbacks
):
    if endpoint == "bulk":
        url, payload = "/api/v1/publish/", {"products": [mine.pk], **body}
    else:
        url, payload = f"/api/v1/products/{mine.pk}/publish/", body
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = writer.post(url, payload, format="json")
    assert response.status_code == 400, response.json()
    answer = response.json()
    assert answer["code"]
    assert list(answer["fields"]) == [field]
    assert named in " ".join(answer["fields"][field])
    assert queued == []
    assert not JobRun.objects.for_seller(seller).exists()


@pytest.mark.parametrize(
    ("products", "named"),
    [
        pytest.param([], "", id="empty"),
        pytest.param(None, "", id="missing"),
        pytest.param(["lamp"], "", id="not-ids"),
        pytest.param("theirs", "{theirs}", id="other-sellers-product"),
        pytest.param("mine-and-theirs", "{theirs}", id="one-of-them-another-sellers"),
        pytest.param([987654321], "987654321", id="unknown-id"),
    ],
)
def test_a_bad_product_selection_is_refused_and_starts_nothing(
    writer, seller, mine, theirs, products, named, django_capture_on_commit_callbacks
):
    if isinstance(products, str):
        products = {"theirs": [theirs.pk], "mine-and-theirs": [mine.pk, theirs.pk]}[products]
    chosen = products
    payload = {"marketplaces": ["US", "DE"]}
    if chosen is not None:
        payload["products"] = chosen
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = writer.post("/api/v1/publish/", payload, format="json")
    assert response.status_code == 400, response.json()
    fields = response.json()["fields"]
    # The field is named, down to the item for a bad list entry ("products.0").
    [(name, messages)] = fields.items()
    assert name.split(".")[0] == "products"
    assert named.format(theirs=theirs.pk) in " ".join(messages)
    assert queued == []
    assert not JobRun.objects.for_seller(seller).exists()


def test_another_sellers_product_cannot_be_published_through_its_url(
    writer, seller, other_seller, theirs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = writer.post(
            f"/api/v1/products/{theirs.pk}/publish/", {"marketplaces": "all"}, format="json"
        )
    assert response.status_code == 404
    assert queued == []
    assert not JobRun.objects.with_scopes_disabled().exists()


def test_good_input_after_bad_input_starts_exactly_one_job(
    writer, seller, mine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert (
            writer.post(
                "/api/v1/publish/", {"products": [mine.pk], "region": "ZZ"}, format="json"
            ).status_code
            == 400
        )
        ok = writer.post("/api/v1/publish/", {"products": [mine.pk], "region": "NA"}, format="json")
    assert ok.status_code == 202, ok.json()
    job = JobRun.objects.for_seller(seller).get()
    assert job.params["marketplaces"] == ["CA", "MX", "US"]
