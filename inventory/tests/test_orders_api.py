"""`/api/v1/orders/`, `/api/v1/channel-connections/` and `/api/v1/sales/` as partners see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from inventory.models import ChannelOrder, SalesDay, StockBalance
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, SalesDayFactory, marketplace, node
from inventory.tests.order_factories import ChannelConnectionFactory, ChannelOrderFactory
from portal.services.api_keys import create_api_key


def client_for(seller, scopes=("orders:read", "orders:write", "inventory:read", "inventory:write")):
    _key, raw = create_api_key(seller=seller, name="connector", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def api(seller):
    return client_for(seller)


@pytest.fixture
def ebay(seller):
    return ChannelConnectionFactory(
        seller=seller, channel="ebay", name="eBay US", shop_domain="", webhook_secret=""
    )


@pytest.fixture
def lamp(seller):
    product = ProductFactory(seller=seller, sku="BH-LAMP-01")
    ledger.receive(seller, product, node("FC-US"), 10, cause_type="inbound", cause_ref="INB-1")
    return product


def order_body(connection, /, **overrides):
    body = {
        "connection": connection.pk,
        "external_id": "12-34567-89012",
        "reference": "12-34567-89012",
        "ship_to_country": "US",
        "currency": "USD",
        "lines": [{"sku": "BH-LAMP-01", "quantity": 3, "unit_price": "24.99", "title": "Desk lamp"}],
    }
    body.update(overrides)
    return body


def reserved(seller, unscoped=None):
    return sum(StockBalance.objects.for_seller(seller).values_list("reserved", flat=True))


def test_post_order_reserves_and_answers_the_order(api, seller, ebay, lamp):
    response = api.post("/api/v1/orders/", order_body(ebay), format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["channel"], data["ship_to_country"]) == ("reserved", "ebay", "US")
    assert data["lines"][0]["allocations"] == [
        {
            "node": "FC-US",
            "quantity": 3,
            "status": "reserved",
            "created_at": data["lines"][0]["allocations"][0]["created_at"],
            "finished_at": None,
        }
    ]
    # The same key replays; the same order without a key answers 200 and reserves nothing more.
    again = api.post("/api/v1/orders/", order_body(ebay), format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    repeat = api.post("/api/v1/orders/", order_body(ebay), format="json")
    assert repeat.status_code == 200
    assert repeat.json()["id"] == data["id"]
    assert reserved(seller) == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lines": [{"sku": "BH-LAMP-01", "quantity": 0}]}, "lines.0.quantity"),
        ({"lines": [{"sku": "BH-LAMP-01", "quantity": "two"}]}, "lines.0.quantity"),
        ({"lines": [{"quantity": 1}]}, "lines.0.sku"),
        ({"lines": []}, "lines.non_field_errors"),
        ({"ship_to_country": "usa"}, "ship_to_country"),
        ({"connection": 999999}, "connection"),
        ({"marketplace": "XX"}, "marketplace"),
        ({"external_id": ""}, "external_id"),
    ],
)
def test_bad_order_bodies_are_refused_with_field_errors(api, seller, ebay, lamp, change, field):
    response = api.post("/api/v1/orders/", order_body(ebay, **change), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"], body
    assert not ChannelOrder.objects.for_seller(seller).exists()
    assert reserved(seller) == 0


def test_another_sellers_connection_is_refused(api, seller, other_seller, lamp):
    theirs = ChannelConnectionFactory(seller=other_seller, channel="ebay", name="Their eBay", shop_domain="")
    response = api.post("/api/v1/orders/", order_body(theirs), format="json")
    assert response.status_code == 400
    assert "connection" in response.json()["fields"]
    assert not ChannelOrder.objects.with_scopes_disabled().exists()


def test_cancel_and_ship(api, seller, ebay, lamp):
    first = api.post("/api/v1/orders/", order_body(ebay), format="json").json()
    second = api.post("/api/v1/orders/", order_body(ebay, external_id="B-2"), format="json").json()
    assert reserved(seller) == 6
    cancelled = api.post(f"/api/v1/orders/{first['id']}/cancel/")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert reserved(seller) == 3
    shipped = api.post(f"/api/v1/orders/{second['id']}/ship/")
    assert shipped.json()["status"] == "shipped"
    balance = StockBalance.objects.for_seller(seller).get(node=node("FC-US"))
    assert (balance.on_hand, balance.reserved) == (7, 0)
    refused = api.post(f"/api/v1/orders/{second['id']}/cancel/")
    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict"


def test_list_filters_and_constant_queries(api, seller, ebay, django_assert_max_num_queries):
    shop = ChannelConnectionFactory(seller=seller, name="Shop")
    for index in range(6):
        ChannelOrderFactory(seller=seller, connection=shop if index % 2 else ebay, status="backordered")
    ChannelOrderFactory(seller=seller, connection=ebay, status="shipped")
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/orders/?channel=ebay&status=backordered")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_cross_tenant_orders_answer_404(api, other_seller):
    theirs = ChannelOrderFactory(seller=other_seller)
    for url in (f"/api/v1/orders/{theirs.pk}/",):
        assert api.get(url).status_code == 404
    for action in ("cancel", "ship"):
        assert api.post(f"/api/v1/orders/{theirs.pk}/{action}/").status_code == 404
    assert ChannelOrder.objects.with_scopes_disabled().get(pk=theirs.pk).status == theirs.status


def test_creating_a_shopify_connection_answers_the_webhook_url(api, seller):
    response = api.post(
        "/api/v1/channel-connections/",
        {
            "channel": "shopify",
            "name": "Brightora",
            "shop_domain": "brightora.myshopify.com",
            "webhook_secret": "shpss_abc",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["webhook_url"] == f"http://testserver/webhooks/shopify/{data['uuid']}/"
    assert "webhook_secret" not in data
    bad = api.post("/api/v1/channel-connections/", {"channel": "shopify", "name": "No domain"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"shop_domain", "webhook_secret"}


def test_sales_import_reports_bad_rows_by_line_and_imports_the_good(api, seller):
    ProductFactory(seller=seller, sku="BH-LAMP-01")
    csv = (
        "sku,marketplace,date,units\n"
        "BH-LAMP-01,US,2025-01-02,4\n"
        "NOPE-1,US,2025-01-02,4\n"
        "BH-LAMP-01,XX,2025-01-02,4\n"
        "BH-LAMP-01,DE,02/01/2025,4\n"
        "BH-LAMP-01,DE,2025-01-03,-2\n"
        "bh-lamp-01,de,2025-01-03,1\n"
    )
    upload = SimpleUploadedFile("sales.csv", csv.encode(), content_type="text/csv")
    response = api.post("/api/v1/sales/import/", {"file": upload}, format="multipart")
    assert response.status_code == 207, response.json()
    report = response.json()
    assert (report["rows"], report["imported_rows"], report["refused_rows"]) == (6, 1, 5)
    assert [(e["line"], e["field"]) for e in report["errors"]] == [
        (3, "sku"),
        (4, "marketplace"),
        (5, "date"),
        (6, "units"),
        (7, "sku"),
    ]
    assert list(SalesDay.objects.for_seller(seller).values_list("marketplace__code", "units")) == [("US", 4)]
    # JSON rows: positions are the lines.
    response = api.post(
        "/api/v1/sales/import/",
        {"rows": [{"sku": "BH-LAMP-01", "marketplace": "DE", "date": "2025-01-03", "units": "2"}]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["days_written"] == 1


def test_sales_read_with_filters(api, seller, other_seller):
    lamp = ProductFactory(seller=seller, sku="BH-LAMP-01")
    SalesDayFactory(seller=seller, product=lamp, marketplace=marketplace("US"), units=7)
    SalesDayFactory(seller=seller, product=lamp, marketplace=marketplace("DE"), units=2)
    SalesDayFactory(seller=other_seller, marketplace=marketplace("US"), units=99)
    response = api.get("/api/v1/sales/?marketplace=US")
    assert [(r["sku"], r["units"]) for r in response.json()["results"]] == [("BH-LAMP-01", 7)]
