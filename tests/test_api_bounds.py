"""Numbers, ids and parameters the API cannot store or read are refused with 400 naming
them; a product with history answers 409 with the way out; the schema states every scope,
status and allowed value; `next=` only leads to the portal's own pages."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from inventory.models import InboundShipment, SalesDay, StockBalance, StockMovement
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from listings.models import Product
from portal.api.scopes import API_SCOPES
from portal.exceptions import InvalidInput
from portal.jobs import job_kind_choices
from portal.numbers import MAX_QUANTITY
from portal.services.api_keys import create_api_key

TOO_MANY = 2**31
BEYOND_64_BITS = 2**64


def api(seller):
    _, raw = create_api_key(seller=seller, name="erp", scopes=list(API_SCOPES))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def lamp(seller):
    return ProductFactory(seller=seller, sku="LAMP")


def test_a_stock_adjustment_of_two_to_the_31_units_is_refused_by_name(seller, lamp):
    body = {"product": lamp.pk, "node": "GWD-SZX", "kind": "adjustment", "quantity": TOO_MANY, "reason": "x"}
    response = api(seller).post("/api/v1/stock-adjustments/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["quantity"]
    assert not StockMovement.objects.for_seller(seller).exists()


def test_the_ledger_itself_refuses_more_units_than_a_balance_holds(seller, lamp):
    with pytest.raises(InvalidInput) as refused:
        ledger.receive(seller, lamp, node("GWD-SZX"), MAX_QUANTITY + 1, cause_type="inbound")
    assert list(refused.value.fields) == ["quantity"]
    assert not StockBalance.objects.for_seller(seller).filter(on_hand__gt=0).exists()


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"quantity": TOO_MANY}, "lines.0.quantity"),
        ({"product": BEYOND_64_BITS, "quantity": 1}, "lines.0.product"),
    ],
)
def test_inbound_lines_beyond_what_the_database_holds_are_refused_by_name(seller, lamp, line, field):
    body = {
        "reference": "INB-BIG",
        "expected_date": "2026-06-01",
        "lines": [{"product": lamp.pk, **line}],
    }
    response = api(seller).post("/api/v1/inbound-shipments/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not InboundShipment.objects.for_seller(seller).exists()


def test_sales_import_reports_a_row_of_two_to_the_31_units_and_keeps_the_good_ones(seller, lamp):
    rows = [
        {"sku": "LAMP", "marketplace": "US", "date": "2026-01-02", "units": str(TOO_MANY)},
        {"sku": "LAMP", "marketplace": "US", "date": "2026-01-03", "units": "4"},
    ]
    response = api(seller).post("/api/v1/sales/import/", {"rows": rows}, format="json")
    assert response.status_code == 207  # some rows imported, some refused
    report = response.json()
    assert [(e["line"], e["field"]) for e in report["errors"]] == [(1, "units")]
    assert "2,147,483,647" in report["errors"][0]["message"]
    assert list(SalesDay.objects.for_seller(seller).values_list("units", flat=True)) == [4]


def test_a_product_with_history_cannot_be_deleted_and_the_answer_says_archive_it(seller, lamp):
    ledger.receive(seller, lamp, node("GWD-SZX"), 3, cause_type="inbound")
    response = api(seller).delete(f"/api/v1/products/{lamp.pk}/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "LAMP" in body["detail"]
    assert "archive" in body["detail"].lower()
    assert Product.objects.for_seller(seller).filter(pk=lamp.pk).exists()


def test_a_product_without_history_is_deleted(seller, lamp):
    assert api(seller).delete(f"/api/v1/products/{lamp.pk}/").status_code == 204
    assert not Product.objects.for_seller(seller).exists()


def test_another_sellers_product_is_not_found_for_delete(seller, other_seller):
    theirs = ProductFactory(seller=other_seller, sku="THEIRS")
    assert api(seller).delete(f"/api/v1/products/{theirs.pk}/").status_code == 404
    assert Product.objects.for_seller(other_seller).filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/api/v1/jobs/?page_size=null", "page_size"),
        ("/api/v1/jobs/?page_size=0", "page_size"),
        ("/api/v1/jobs/?page_size=501", "page_size"),
        ("/api/v1/jobs/?page_size=5&page_size=6", "page_size"),
        ("/api/v1/jobs/?cursor=U", "cursor"),
        ("/api/v1/jobs/?kind=unknown.kind", "kind"),
        ("/api/v1/jobs/?created_before=2026-01-01", "created_before"),
        ("/api/v1/jobs/?created_before=0256-01-04T02:50:39-21:27", "created_before"),
        ("/api/v1/channel-connections/?is_active=null", "is_active"),
        ("/api/v1/sales/?day_to=2026-13-01", "day_to"),
        ("/api/v1/orders/?connection=6.9e16", "connection"),
        ("/api/v1/orders/?external_id=A&external_id=B", "external_id"),
    ],
)
def test_parameters_that_break_the_schema_are_refused_by_name(seller, query, field):
    response = api(seller).get(query)
    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [field]


def test_valid_filters_still_filter(seller):
    client = api(seller)
    assert (
        client.get("/api/v1/jobs/?page_size=500&created_before=2026-01-01T00:00:00%2B14:00").status_code
        == 200
    )
    assert client.get("/api/v1/channel-connections/?is_active=true").status_code == 200
    kind = job_kind_choices()[0][0]
    assert client.get(f"/api/v1/jobs/?kind={kind}").status_code == 200


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation and path.startswith("/api/"):
                yield path, method, operation


def test_every_operation_names_its_scope_in_security_and_description(schema):
    operations = list(_operations(schema))
    assert len(operations) > 60
    for path, method, operation in operations:
        if not any(operation.get("security", [])):
            continue  # public: no key and no sign-in (the Transparency check)
        keys = [req["ApiKeyAuth"] for req in operation["security"] if "ApiKeyAuth" in req]
        if not keys:  # an operation keys may not call says so
            assert "API keys cannot call this operation" in operation["description"], (method, path)
            continue
        [scopes] = keys
        assert len(scopes) == 1, (method, path)
        assert scopes[0] in API_SCOPES, (method, path)
        assert f"Required scope: `{scopes[0]}`." in operation["description"], (method, path)
    jobs = schema["paths"]["/api/v1/jobs/"]["get"]
    assert jobs["security"][0] == {"ApiKeyAuth": ["jobs:read"]}


def test_the_jobs_kind_filter_lists_the_registered_kinds(schema):
    [kind] = [p for p in schema["paths"]["/api/v1/jobs/"]["get"]["parameters"] if p["name"] == "kind"]
    assert sorted(kind["schema"]["enum"]) == sorted(value for value, _label in job_kind_choices())


def test_every_integer_input_states_its_range(schema):
    """Ids and quantities in bodies and pagination carry a maximum the database can hold."""

    def integers(node_, path):
        if isinstance(node_, dict):
            if node_.get("type") == "integer" and not node_.get("readOnly"):
                yield path, node_
            for key, value in node_.items():
                yield from integers(value, f"{path}.{key}")
        elif isinstance(node_, list):
            for index, value in enumerate(node_):
                yield from integers(value, f"{path}.{index}")

    requests = {name: s for name, s in schema["components"]["schemas"].items() if name.endswith("Request")}
    unbounded = [path for path, s in integers(requests, "") if "maximum" not in s]
    page_sizes = [
        p["schema"]
        for _path, _method, op in _operations(schema)
        for p in op.get("parameters", [])
        if p["name"] == "page_size"
    ]
    assert unbounded == []
    assert page_sizes
    assert all(s.get("maximum") and s.get("minimum") == 1 for s in page_sizes)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_never_leads_off_the_portal(owner_client, target):
    response = owner_client.post(reverse("listings:matrix_action"), {"action": "pause", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("listings:matrix")


def test_next_to_a_portal_page_is_followed(owner_client):
    target = reverse("listings:matrix") + "?state=live"
    response = owner_client.post(reverse("listings:matrix_action"), {"action": "pause", "next": target})
    assert response["Location"] == target
