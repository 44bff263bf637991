"""MCF outcome figures per channel and month: orders, units, fill rate, stock-outs, turnover."""

import datetime

import numpy as np
import pytest
from django.urls import reverse

from inventory.engine.mcf import daily_available
from inventory.selectors.mcf import mcf_outcomes
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import (
    ChannelConnectionFactory,
    ChannelOrderFactory,
    ChannelOrderLineFactory,
    ChannelSkuMappingFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
TODAY = datetime.date(2026, 11, 20)


def at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, tzinfo=UTC)


def test_availability_is_rebuilt_from_the_ledger_day_by_day():
    # 5 now; +5 received on day 2; −2 on day 4; +7 after the window.
    result = daily_available(
        np.array([10]), np.array([0, 0, 0]), np.array([2, 4, 6]), np.array([5, -2, 7]), 5
    )
    assert result.tolist() == [[0, 0, 5, 5, 3]]


@pytest.fixture
def shop(seller):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    connection = ChannelConnectionFactory(seller=seller, name="Shopify EU")
    ChannelSkuMappingFactory(seller=seller, connection=connection, product=lamp)
    ledger.receive(
        seller, lamp, node("FC-US"), 5, cause_type="inbound", cause_key="lamp", effective_at=at(11)
    )
    on_time = ChannelOrderFactory(
        seller=seller, connection=connection, status="shipped", placed_at=at(17), shipped_at=at(18)
    )
    late = ChannelOrderFactory(
        seller=seller, connection=connection, status="shipped", placed_at=at(17), shipped_at=at(19, 12)
    )
    cancelled = ChannelOrderFactory(
        seller=seller, connection=connection, status="cancelled", placed_at=at(17)
    )
    for order in (on_time, late, cancelled):
        ChannelOrderLineFactory(
            seller=seller,
            order=order,
            product=lamp,
            quantity=2,
            quantity_shipped=2 if order.shipped_at else 0,
        )
    return connection


def test_the_figures_per_channel_and_month(seller, shop):
    [november] = mcf_outcomes(seller, months=1, today=TODAY)
    assert (november.connection, november.month) == (shop, datetime.date(2026, 11, 1))
    assert (november.orders, november.units, november.shipped_on_time) == (2, 4, 1)
    assert november.fill_rate == 0.5  # the second order took 50 hours
    assert november.stockout_sku_days == 10  # nothing at an FC from the 1st to the 10th
    assert november.turnover == 1.6  # 4 units shipped over 2.5 available on average


def test_the_dashboard_panel_shows_the_figures_with_a_chart(owner_client, seller, other_seller, shop):
    ChannelConnectionFactory(seller=other_seller, name="Their eBay shop")
    dashboard = owner_client.get(reverse("dashboard")).content.decode()
    assert reverse("inventory:mcf_panel") in dashboard
    assert "vendor/chartjs/chart.umd.min.js" in dashboard
    panel = owner_client.get(reverse("inventory:mcf_panel")).content.decode()
    assert 'data-mcf-chart="{&quot;months&quot;: [' in panel
    assert "Shopify EU" in panel
    assert "Their eBay shop" not in panel
    assert "Their eBay shop" not in owner_client.get(reverse("inventory:mcf")).content.decode()
