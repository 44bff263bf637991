"""The dashboard: what needs the seller today, each tile counting what the page it links to
lists, charts of sales and cover, recent jobs, in a fixed number of queries."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.tests.factories import SalesDayFactory, StockBalanceFactory, node
from listings.models import Listing
from listings.tests.factories import ListingFactory
from logistics.tests.factories import ShipmentNoticeFactory
from portal.models import JobRun, Marketplace
from portal.services.marketplace_readiness import KIND as READINESS
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def tile(body: str, label: str) -> tuple[str, str]:
    """(href, figure) of the dashboard tile with that label."""
    found = re.search(
        r'<a class="tile[^"]*" href="([^"]+)">\s*<span class="tile-label">'
        + re.escape(label)
        + r'</span>\s*<span class="tile-figure">([^<]+)</span>',
        body,
    )
    assert found, f"no tile {label!r}"
    return found.group(1).replace("&amp;", "&"), found.group(2)


def chart_data(body: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}-data" type="application/json">(.+?)</script>', body)
    assert found, f"no chart {chart_id!r}"
    return json.loads(found.group(1))


@pytest.fixture
def blocked_world(seller, other_seller):
    us, de = Marketplace.objects.get(code="US"), Marketplace.objects.get(code="DE")
    first = ListingFactory(seller=seller, state=Listing.State.BLOCKED, marketplace=us)
    ListingFactory(seller=seller, product=first.product, state=Listing.State.BLOCKED, marketplace=de)
    ListingFactory(seller=seller, state=Listing.State.BLOCKED, marketplace=us)
    ListingFactory(seller=seller, state=Listing.State.LIVE, marketplace=us)
    ListingFactory(seller=other_seller, state=Listing.State.BLOCKED, marketplace=us)


def test_blocked_tile_counts_the_products_the_filtered_matrix_shows(owner_client, blocked_world):
    body = owner_client.get(reverse("dashboard")).content.decode()

    href, figure = tile(body, "Products with blocked listings")
    assert figure == "2"
    assert "3 listings blocked" in body
    assert href == "/listings/matrix/?state=blocked"
    matrix = owner_client.get(href)
    assert matrix.context["matrix"].page.paginator.count == 2


def test_notice_and_job_tiles_count_what_their_pages_list(owner_client, seller, other_seller):
    ShipmentNoticeFactory.create_batch(2, seller=seller)
    ShipmentNoticeFactory(seller=seller, resolved_at=timezone.now())
    ShipmentNoticeFactory(seller=other_seller)
    JobRun.objects.for_seller(seller).create(seller=seller, kind=READINESS, status=JobRun.Status.RUNNING)
    JobRun.objects.for_seller(seller).create(seller=seller, kind=READINESS, status=JobRun.Status.SUCCEEDED)
    JobRun.objects.for_seller(other_seller).create(
        seller=other_seller, kind=READINESS, status=JobRun.Status.RUNNING
    )

    body = owner_client.get(reverse("dashboard")).content.decode()

    href, figure = tile(body, "Shipment notices open")
    assert figure == "2"
    assert len(owner_client.get(href).context["notices"]) == 2
    href, figure = tile(body, "Jobs running")
    assert figure == "1"
    assert owner_client.get(href).context["page"].paginator.count == 1


def test_a_tile_with_nothing_to_do_reads_zero_and_calm(owner_client):
    body = owner_client.get(reverse("dashboard")).content.decode()

    assert tile(body, "Products with blocked listings")[1] == "0"
    assert 'class="tile tile-ok" href="/listings/matrix/?state=blocked"' in body


def test_sales_chart_sums_units_by_week_with_a_table_for_screen_readers(owner_client, seller, other_seller):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    SalesDayFactory(seller=seller, day=monday, units=1200)
    listing_product = SalesDayFactory(seller=seller, day=monday - datetime.timedelta(days=3), units=4).product
    SalesDayFactory(seller=seller, product=listing_product, day=monday - datetime.timedelta(days=6), units=5)
    SalesDayFactory(seller=other_seller, day=monday, units=999)

    body = owner_client.get(reverse("dashboard")).content.decode()

    data = chart_data(body, "sales-by-week")
    assert data["kind"] == "bar"
    assert len(data["labels"]) == 12
    assert data["labels"][-1] == monday.isoformat()
    assert data["series"][0]["values"][-2:] == [9, 1200]
    assert sum(data["series"][0]["values"]) == 1209
    # The same figures as a table for screen readers, grouped per locale.
    assert "<td>1,200 units</td>" in body
    assert 'aria-hidden="true"></canvas>' in body


def test_cover_chart_divides_regional_stock_by_recent_daily_sales(owner_client, seller):
    fc = node_in_region("US")
    StockBalanceFactory(seller=seller, node=fc, on_hand=560)
    SalesDayFactory(seller=seller, day=timezone.localdate(), units=280)  # 10 a day over 28 days

    data = chart_data(owner_client.get(reverse("dashboard")).content.decode(), "cover-by-region")

    assert data["labels"] == ["US"]
    assert data["series"][0]["values"] == [56]


def node_in_region(region):
    from inventory.models import Node

    return Node.objects.filter(region=region).exclude(kind="gwd").first() or node("GWD-SZX")


def test_dashboard_queries_do_not_grow_with_the_sellers_data(
    owner_client, owner, seller, django_assert_num_queries, blocked_world
):
    JobRun.objects.for_seller(seller).bulk_create(
        [JobRun(seller=seller, kind=READINESS, started_by=owner) for _ in range(12)]
    )
    ShipmentNoticeFactory.create_batch(3, seller=seller)
    SalesDayFactory.create_batch(5, seller=seller, day=timezone.localdate())
    # session, user, memberships; blocked listings; notices, shipments in transit; backorders;
    # running jobs; sales by week; stock by region, sales by region; recent jobs
    with django_assert_num_queries(12):
        response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_a_user_without_a_seller_is_told_to_ask_for_an_invitation(client):
    client.force_login(UserFactory())

    body = client.get(reverse("dashboard")).content.decode()

    assert "You do not belong to any seller yet." in body


def test_navigation_links_every_area_and_marks_the_current_one(owner_client):
    body = owner_client.get(reverse("jobs")).content.decode()

    for name in (
        "dashboard",
        "listings:index",
        "inventory:index",
        "logistics:index",
        "brands:index",
        "settings",
    ):
        assert f'href="{reverse(name)}"' in body
    assert f'<a href="{reverse("jobs")}" aria-current="page">Jobs</a>' in body
    assert 'for="nav-toggle"' in body
