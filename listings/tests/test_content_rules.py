"""Operators edit the marketplaces' content limits and forbidden terms; publishing follows them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from listings.models import ForbiddenTerm, FxRate, Listing, MarketplaceContentRule
from listings.services import localisation
from listings.services.localisation import (
    LocalisedContent,
    content_problems,
    content_rules,
    invalidate_content_rules,
)
from listings.services.publishing import publish_products, select_marketplaces
from listings.tests.factories import FxRateFactory, ProductFactory, sell_source_text_in
from portal.models import Marketplace
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(ecb_rates):
    FxRateFactory(currency="EGP", base_currency="USD", rate=Decimal("48.60"), source=FxRate.Source.OPERATOR)
    return ecb_rates


@pytest.fixture
def operator_client(client):
    client.force_login(UserFactory(username="ops@nggs.example", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def markets():
    return {m.code: m for m in Marketplace.objects.all()}


def states_and_problems(seller, product) -> dict[str, tuple[str, list]]:
    return {
        listing.marketplace.code: (listing.state, listing.problems)
        for listing in Listing.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
    }


def admin_change_rule(client, rule: MarketplaceContentRule, **changes):
    values = {
        "marketplace": rule.marketplace_id,
        "title_max_chars": rule.title_max_chars,
        "bullet_max_count": rule.bullet_max_count if rule.bullet_max_count is not None else "",
        "bullet_max_chars": rule.bullet_max_chars if rule.bullet_max_chars is not None else "",
        "description_max_chars": rule.description_max_chars or "",
        "source": rule.source,
        **changes,
    }
    url = reverse("admin:listings_marketplacecontentrule_change", args=[rule.pk])
    return client.post(url, values)


def test_the_starter_set_is_the_former_constants(markets):
    limits = {
        rule.marketplace.code: (
            rule.title_max_chars,
            rule.bullet_max_count,
            rule.bullet_max_chars,
            rule.description_max_chars,
        )
        for rule in MarketplaceContentRule.objects.select_related("marketplace")
    }
    assert set(limits) == set(markets)
    assert len(limits) == 23
    assert limits["JP"] == (100, 5, 500, None)
    assert {code for code, (title, *_) in limits.items() if title == 150} == {"IN", "SA", "AE", "EG"}
    assert {code for code, (title, *_) in limits.items() if title == 200} == set(markets) - {
        "JP",
        "IN",
        "SA",
        "AE",
        "EG",
    }
    everywhere = ForbiddenTerm.objects.filter(marketplace=None)
    assert everywhere.count() == 11
    assert all(t.whole_word and t.source for t in everywhere)
    japanese = ForbiddenTerm.objects.filter(marketplace__code="JP").order_by("pk")
    assert [(t.term, t.whole_word) for t in japanese] == [("送料無料", False), ("最安値", False)]


def test_an_operator_lowers_the_japanese_title_limit_and_the_next_publish_suppresses_it(
    seller, priced, operator_client
):
    product = ProductFactory(
        seller=seller, title="Stackable Drawer Organizer " + "x" * 63, source_language="en"
    )
    assert len(product.title) == 90
    markets = select_marketplaces(codes=["JP", "US"])
    sell_source_text_in(product, "JP")  # English text in Japan: the seller's choice
    publish_products(seller=seller, products=[product], marketplaces=markets)
    before = states_and_problems(seller, product)
    assert before["JP"][1] == []
    assert before["US"][1] == []

    jp_rule = MarketplaceContentRule.objects.get(marketplace__code="JP")
    response = admin_change_rule(operator_client, jp_rule, title_max_chars=80)
    assert response.status_code == 302, response.content.decode()[:2000]
    publish_products(seller=seller, products=[product], marketplaces=markets)

    after = states_and_problems(seller, product)
    assert after["JP"] == (
        Listing.State.SUPPRESSED,
        ["The title has 90 characters; Japan allows at most 80."],
    )
    assert after["US"] == before["US"]


def test_a_forbidden_term_for_germany_only_flags_germany_not_the_us(markets, operator_client):
    content = LocalisedContent(title="Desk Lamp", description="Made with Wunderlicht technology.")
    assert content_problems(content, markets["DE"]) == []
    response = operator_client.post(
        reverse("admin:listings_forbiddenterm_add"),
        {
            "marketplace": markets["DE"].pk,
            "term": "wunderlicht",
            "whole_word": "on",
            "is_active": "on",
            "reason": "A registered trade mark of another brand.",
            "source": "Rights owner's notice of 2026-11-30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # No batch passes rules here: the process's copy was forgotten when the operator saved.
    assert content_problems(content, markets["DE"]) == [
        "The description uses “wunderlicht”, which Germany does not allow: "
        "A registered trade mark of another brand."
    ]
    assert content_problems(content, markets["US"]) == []
    assert content_problems(content, markets["FR"]) == []


def test_content_problems_cost_the_same_queries_for_one_and_twenty_products(
    markets, django_assert_num_queries
):
    every_market = list(markets.values())
    assert len(every_market) == 23

    def check(count: int) -> list[list[str]]:
        contents = [
            LocalisedContent(title=f"Lamp {n} – best seller", bullet_points=["ok"] * 6, description="d" * n)
            for n in range(count)
        ]
        return [content_problems(content, market) for content in contents for market in every_market]

    invalidate_content_rules()
    with django_assert_num_queries(2) as one:
        check(1)
    invalidate_content_rules()
    with django_assert_num_queries(2) as twenty:
        problems = check(20)
    assert len(one.captured_queries) == len(twenty.captured_queries)
    assert len(problems) == 20 * 23
    assert all(problems)
    # Rules read once for a batch make the check itself free of queries.
    rules = content_rules(refresh=True)
    with django_assert_num_queries(0):
        for market in every_market:
            content_problems(LocalisedContent(title="Lamp"), market, rules=rules)


def test_a_change_saved_by_another_process_is_read_again_through_the_version_stamp(markets):
    content = LocalisedContent(title="y" * 120)
    assert content_problems(content, markets["DE"]) == []
    # Another process saves (no signal here) and bumps the shared stamp, as its signal does.
    MarketplaceContentRule.objects.filter(marketplace__code="DE").update(title_max_chars=110)
    assert content_problems(content, markets["DE"]) == []  # this process's copy is still kept
    cache.set(localisation.RULES_STAMP_KEY, "another-process", timeout=None)
    assert content_problems(content, markets["DE"]) == [
        "The title has 120 characters; Germany allows at most 110."
    ]


def test_limits_an_operator_removes_or_adds_are_checked_with_clear_messages(markets):
    rule = MarketplaceContentRule.objects.get(marketplace__code="UK")
    rule.bullet_max_count = None
    rule.bullet_max_chars = None
    rule.description_max_chars = 2000
    rule.save()
    content = LocalisedContent(title="Lamp", bullet_points=["b" * 600] * 7, description="d" * 2001)
    assert content_problems(content, markets["UK"]) == [
        "The description has 2001 characters; United Kingdom allows at most 2000."
    ]


def test_a_term_that_is_not_a_whole_word_is_found_inside_words_and_inactive_terms_are_not(markets):
    term = ForbiddenTerm.objects.create(marketplace=markets["US"], term="miracle", whole_word=False)
    content = LocalisedContent(title="Miraclefiber towel")
    assert content_problems(content, markets["US"]) == [
        "The title uses “miracle”, which United States does not allow."
    ]
    term.is_active = False
    term.save()
    assert content_problems(content, markets["US"]) == []
    # A whole-word term is not found inside a longer word.
    term.is_active, term.whole_word = True, True
    term.save()
    assert content_problems(content, markets["US"]) == []
    assert content_problems(LocalisedContent(title="A miracle towel"), markets["US"]) == [
        "The title uses “miracle”, which United States does not allow."
    ]


def test_the_admin_lists_and_filters_the_rules(operator_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        rules = operator_client.get(reverse("admin:listings_marketplacecontentrule_changelist"))
    assert rules.status_code == 200
    assert "Japan" in rules.content.decode()
    terms = operator_client.get(
        reverse("admin:listings_forbiddenterm_changelist"), {"q": "testsieger", "is_active__exact": "1"}
    )
    assert terms.status_code == 200
    assert "testsieger" in terms.content.decode()


def test_a_term_for_every_marketplace_is_entered_once():
    from django.db import IntegrityError, transaction

    from listings.models import ForbiddenTerm

    ForbiddenTerm.objects.create(marketplace=None, term="miracle cure")
    with pytest.raises(IntegrityError), transaction.atomic():
        ForbiddenTerm.objects.create(marketplace=None, term="miracle cure")
