"""The pieces every page shares: section navigation and breadcrumbs, status badges, figures
and dates per locale, charts' data and their table, confirmations, the styled 403, messages
shown once."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from portal.charts import chart
from portal.navigation import breadcrumb_links, section_links

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "4,499 · 25,332.57 · 30% · AED112.99 · €28.99"),
        ("zh-hans", "4,499 · 25,332.57 · 30% · AED112.99 · €28.99"),
    ],
)
def test_figures_and_money_print_with_the_locales_grouping_and_one_currency_sign(language, expected):
    with translation.override(language):
        text = render(
            "{% load formatting %}{{ n|number }} · {{ x|number:2 }} · {{ f|percent }} · "
            '{% money a "AED" %} · {% money e "EUR" %}',
            n=4499,
            x=Decimal("25332.57"),
            f=Decimal("0.3"),
            a=Decimal("112.99"),
            e=Decimal("28.99"),
        )
    assert text == expected


def test_german_style_grouping_would_differ_so_the_locale_is_really_used():
    with translation.override("en"):
        from portal.templatetags.formatting import number

        assert number(1234567) == "1,234,567"
    from babel.numbers import format_decimal

    assert format_decimal(4499, format="#,##0", locale="de_DE") == "4.499"


def test_dates_print_in_one_format_per_language_in_the_active_time_zone(settings):
    moment = datetime.datetime(2026, 12, 4, 23, 30, tzinfo=datetime.UTC)
    with translation.override("en"):
        english = render("{% load formatting %}{{ m|local_date }} | {{ m|local_datetime }}", m=moment)
    with translation.override("zh-hans"):
        chinese = render("{% load formatting %}{{ m|local_date }}", m=moment)
    assert english == "Dec 4, 2026 | Dec 4, 2026, 11:30\u202fPM" or english.startswith(
        "Dec 4, 2026 | Dec 4, 2026"
    )
    assert chinese == "2026年12月4日"


def test_a_missing_figure_reads_as_a_dash_not_zero():
    assert render("{% load formatting %}{{ n|number }} {{ n|percent }}", n=None) == "— —"


def test_a_locale_becomes_a_valid_lang_attribute():
    assert render("{% load formatting %}{{ l|language_tag }}", l="en_AE") == "en-AE"


@pytest.mark.parametrize(
    ("value", "tone"),
    [
        ("live", "good"),
        ("delivered", "good"),
        ("blocked", "bad"),
        ("exception", "bad"),
        ("paused", "wait"),
        ("in_transit", "active"),
        ("booked", "active"),
        ("ended", "muted"),
        ("draft", "draft"),
    ],
)
def test_one_badge_gives_each_state_its_colour_icon_and_text(value, tone):
    html = render("{% load badges %}{% status_badge v 'Label' %}", v=value)
    assert f'class="badge badge-{tone} badge-state-{value}"' in html
    assert 'aria-hidden="true"' in html
    assert '<span class="badge-text">Label</span>' in html


def test_a_chart_carries_its_figures_and_refuses_uneven_series():
    data = chart(chart_id="c", kind="line", title="T", labels=["a", "b"], series=[("S", [1, Decimal("2.5")])])
    assert data == {
        "id": "c",
        "kind": "line",
        "title": "T",
        "labels": ["a", "b"],
        "series": [{"name": "S", "values": [1, 2.5]}],
        "unit": "",
    }
    with pytest.raises(ValueError, match="2 labels"):
        chart(chart_id="c", kind="line", title="T", labels=["a", "b"], series=[("S", [1])])
    with pytest.raises(ValueError, match="kind must be one of"):
        chart(chart_id="c", kind="pie", title="T", labels=[], series=[])


def test_the_chart_include_writes_json_a_hidden_canvas_and_a_table():
    data = chart(
        chart_id="cost", kind="bar", title="Cost", labels=["W1"], series=[("Freight", [1234.5])], unit="USD"
    )
    with translation.override("en"):
        html = render('{% include "portal/includes/chart.html" with chart=c %}', c=data)
    assert '<script id="cost-data" type="application/json">' in html
    assert '<canvas data-chart="cost-data" aria-hidden="true"></canvas>' in html
    assert "<caption>Cost</caption>" in html
    assert "<td>$1,234.50</td>" in html


def test_a_chart_without_figures_says_so():
    html = render(
        '{% include "portal/includes/chart.html" with chart=c %}',
        c=chart(chart_id="e", kind="bar", title="Empty", labels=[], series=[]),
    )
    assert "No figures yet for this chart." in html
    assert "<canvas" not in html


def test_every_area_page_is_in_its_sub_navigation_with_the_current_one_marked():
    name, links = section_links("/logistics/shipments/7/", "logistics")
    assert name == "Logistics"
    assert [link.label for link in links] == ["Overview", "Freight quote", "Shipments", "Notices"]
    assert [link.current for link in links] == [False, False, True, False]
    inventory = [link.url for link in section_links("/inventory/", "inventory")[1]]
    # Pages that were linked from nowhere are reached from their area.
    assert {"/inventory/orders/", "/inventory/channels/", "/inventory/sales/import/"} <= set(inventory)
    listings = [link.url for link in section_links("/listings/", "listings")[1]]
    assert {
        "/listings/pricing/",
        "/listings/translations/",
        "/listings/storefront/",
        "/listings/reviews/",
    } <= set(listings)


def test_breadcrumbs_lead_from_a_detail_page_back_through_its_area():
    trail = breadcrumb_links("/logistics/shipments/7/", "logistics")
    assert [(link.url, link.label) for link in trail] == [
        ("/logistics/", "Logistics"),
        ("/logistics/shipments/", "Shipments"),
    ]
    assert breadcrumb_links("/logistics/shipments/", "logistics") == []


def test_pages_show_the_sub_navigation_and_breadcrumbs(owner_client, settings):
    body = owner_client.get(reverse("settings")).content.decode()
    assert '<nav class="section-nav" aria-label="Settings pages">' in body
    assert f'<a href="{reverse("settings")}" aria-current="page">Overview</a>' in body
    assert f'<a href="{reverse("members")}">Members</a>' in body


def test_destructive_actions_ask_to_confirm(owner_client, seller, make_member):
    make_member(seller, role="operator")
    body = owner_client.get(reverse("members")).content.decode()
    assert 'data-confirm="Remove ' in body


def test_a_viewer_meets_a_styled_page_that_says_why(client, seller, make_member):
    client.force_login(make_member(seller, role="viewer"))

    response = client.post(reverse("listings:product_create"), {"sku": "X-1"})

    assert response.status_code == 403
    body = response.content.decode()
    assert '<p class="error-code">403</p>' in body
    assert "Viewers can look but not change anything." in body
    assert "Settings › Members" in body


def test_a_viewer_sees_no_publish_save_or_import_buttons(client, seller, make_member):
    client.force_login(make_member(seller, role="viewer"))

    publish = client.get(reverse("listings:publish")).content.decode()
    new_product = client.get(reverse("listings:product_create"))
    imports = client.get(reverse("listings:product_import")).content.decode()

    assert ">Publish</button>" not in publish
    assert "does not allow changes" in publish
    assert new_product.status_code == 403 or ">Save</button>" not in new_product.content.decode()
    assert "Check the file" not in imports


def test_a_success_message_is_shown_once(owner_client, seller):
    from listings.tests.factories import ListingFactory

    listing = ListingFactory(seller=seller)
    response = owner_client.post(
        reverse("listings:matrix_action"), {"action": "pause", "listing": [listing.pk]}, follow=True
    )
    body = response.content.decode()
    assert body.count("1 listings changed") == 1


def test_countries_and_marketplaces_read_in_the_viewers_language():
    from portal.models import Marketplace

    germany = Marketplace.objects.get(code="DE")
    uk = Marketplace.objects.get(code="UK")
    with translation.override("zh-hans"):
        assert germany.local_name == "德国"
        assert str(uk) == "UK — 英国"
        assert render("{% load formatting %}{{ c|country }}", c="AE") == "阿拉伯联合酋长国"
    with translation.override("en"):
        assert germany.local_name == "Germany"
        assert render("{% load formatting %}{{ c|country }}", c="XX") == "XX"
