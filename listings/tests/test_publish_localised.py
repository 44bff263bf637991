"""Publishing writes each marketplace's localised content into its listing, with content problems."""

from __future__ import annotations

from decimal import Decimal

import pytest

from listings.models import FxRate, Listing, Translation
from listings.services.localisation import approve_translation, save_translation
from listings.services.publishing import publish_products, select_marketplaces
from listings.services.translation_fill import completeness
from listings.tests.factories import (
    ComplianceDocumentFactory,
    FxRateFactory,
    ProductFactory,
    sell_source_text_in,
)

pytestmark = pytest.mark.django_db

SOURCE_TITLE = "Stackable Drawer Organizer, 4 Pack"
SOURCE_BULLETS = ["BPA-free PET", "Stacks securely"]
SOURCE_DESCRIPTION = "Clear organisers for kitchen drawers."
GERMAN = {
    "title": "Stapelbarer Schubladen-Organizer, 4er-Pack",
    "bullet_points": ["BPA-freies PET", "Sicher stapelbar"],
    "description": "Durchsichtige Ordnungshelfer für Küchenschubladen.",
}
FRENCH_MACHINE = {
    "title": "Organisateur de tiroir empilable, lot de 4",
    "bullet_points": ["PET sans BPA", "S'empile en toute sécurité"],
    "description": "Organisateurs transparents pour tiroirs de cuisine.",
}


@pytest.fixture
def priced(ecb_rates):
    FxRateFactory(currency="EGP", base_currency="USD", rate=Decimal("48.60"), source=FxRate.Source.OPERATOR)
    return ecb_rates


def listings_of(seller, product) -> dict[str, Listing]:
    return {
        listing.marketplace.code: listing
        for listing in Listing.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
    }


def organiser(seller, **fields):
    fields = {
        "title": SOURCE_TITLE,
        "bullet_points": list(SOURCE_BULLETS),
        "description": SOURCE_DESCRIPTION,
        "source_language": "en",
        **fields,
    }
    return ProductFactory(seller=seller, **fields)


def by_language(seller, languages):
    return {row.language: row for row in completeness(seller, languages=languages)}


def test_each_listing_carries_its_locales_text_and_where_it_came_from(seller, owner, priced):
    translated = organiser(seller)
    untranslated = organiser(seller, sku="PLAIN-1")
    save_translation(
        seller=seller,
        product=translated,
        locale="de",
        origin=Translation.Origin.HUMAN,
        approved=True,
        **GERMAN,
    )
    save_translation(
        seller=seller,
        product=translated,
        locale="fr",
        origin=Translation.Origin.MACHINE,
        provider="libretranslate",
        **FRENCH_MACHINE,
    )
    markets = select_marketplaces(codes=["DE", "FR", "UK"])

    publish_products(seller=seller, products=[translated, untranslated], marketplaces=markets)

    listings = listings_of(seller, translated)
    de, fr, uk = listings["DE"], listings["FR"], listings["UK"]
    assert (de.locale, de.title, de.bullet_points, de.description, de.content_origin) == (
        "de_DE",
        GERMAN["title"],
        GERMAN["bullet_points"],
        GERMAN["description"],
        "approved",
    )
    assert (fr.locale, fr.title, fr.bullet_points, fr.description, fr.content_origin) == (
        "fr_FR",
        FRENCH_MACHINE["title"],
        FRENCH_MACHINE["bullet_points"],
        FRENCH_MACHINE["description"],
        "machine",
    )
    # English is the product's own language: the source text, marked as such.
    assert (uk.locale, uk.title, uk.content_origin) == ("en_GB", SOURCE_TITLE, "source")
    # Without any French or German text the source text is published, marked "source".
    plain = listings_of(seller, untranslated)
    for code in ("DE", "FR"):
        assert (plain[code].title, plain[code].bullet_points, plain[code].description) == (
            SOURCE_TITLE,
            SOURCE_BULLETS,
            SOURCE_DESCRIPTION,
        )
        assert plain[code].content_origin == "source"
    # The inherited values the next sync compares against are the localised ones too.
    assert de.inherited["title"] == GERMAN["title"]


def test_approving_machine_text_updates_the_listing_and_the_completeness(seller, owner, priced):
    product = organiser(seller)
    organiser(seller, sku="OTHER-1")  # a second active product with no German text at all
    machine = save_translation(
        seller=seller,
        product=product,
        locale="de",
        origin=Translation.Origin.MACHINE,
        provider="builtin",
        **GERMAN,
    )
    markets = select_marketplaces(codes=["DE"])
    publish_products(seller=seller, products=[product], marketplaces=markets)
    assert listings_of(seller, product)["DE"].content_origin == "machine"
    german = by_language(seller, ["de", "en"])
    assert (german["de"].products, german["de"].approved, german["de"].machine, german["de"].missing) == (
        2,
        0,
        1,
        1,
    )
    assert (german["de"].percent, german["de"].approved_percent) == (50, 0)
    assert german["en"].approved == 2  # the source language counts as covered

    approve_translation(seller=seller, translation=machine, user=owner)
    german = by_language(seller, ["de"])["de"]
    assert (german.approved, german.machine, german.missing) == (1, 0, 1)
    assert (german.percent, german.approved_percent) == (50, 50)

    result = publish_products(seller=seller, products=[product], marketplaces=markets)
    de = listings_of(seller, product)["DE"]
    assert de.content_origin == "approved"
    assert de.title == GERMAN["title"]
    # The text was the same; only its origin changed, and the sync says so.
    assert result.updated == 1
    assert de.last_changes == [{"field": "content_origin", "old": "machine", "new": "approved"}]


def test_a_new_translation_is_synced_and_reported_as_a_change(seller, priced):
    product = organiser(seller)
    markets = select_marketplaces(codes=["DE"])
    publish_products(seller=seller, products=[product], marketplaces=markets)
    save_translation(seller=seller, product=product, locale="de_DE", approved=True, **GERMAN)

    result = publish_products(seller=seller, products=[product], marketplaces=markets)

    assert result.updated == 1
    de = listings_of(seller, product)["DE"]
    assert (de.title, de.content_origin) == (GERMAN["title"], "approved")
    changes = {c["field"]: c for c in de.last_changes}
    assert changes["title"] == {"field": "title", "old": SOURCE_TITLE, "new": GERMAN["title"]}
    assert changes["bullet_points"]["new"] == GERMAN["bullet_points"]
    assert changes["description"]["new"] == GERMAN["description"]


def test_a_title_over_the_marketplace_limit_suppresses_with_a_clear_message(seller, priced):
    title = "Stackable Drawer Organizer " + "x" * 123  # 150 characters
    assert len(title) == 150
    product = organiser(seller, title=title)
    markets = select_marketplaces(codes=["JP", "US"])
    sell_source_text_in(product, "JP")  # English text in Japan: the seller's choice

    publish_products(seller=seller, products=[product], marketplaces=markets)

    listings = listings_of(seller, product)
    jp, us = listings["JP"], listings["US"]
    assert jp.state == Listing.State.SUPPRESSED
    assert jp.problems == ["The title has 150 characters; Japan allows at most 100."]
    # The US allows 200 characters: the same title is fine there.
    assert (us.state, us.problems) == (Listing.State.LIVE, [])

    product.title = SOURCE_TITLE
    product.save()
    publish_products(seller=seller, products=[product], marketplaces=markets)
    jp = listings_of(seller, product)["JP"]
    assert (jp.state, jp.problems) == (Listing.State.LIVE, [])
    assert {"field": "state", "old": "suppressed", "new": "live"} in jp.last_changes


def test_forbidden_terms_are_named_on_the_listing_of_the_marketplace_that_refuses_them(seller, priced):
    product = organiser(seller, title="Drawer Organizer, Free Shipping")
    save_translation(
        seller=seller,
        product=product,
        locale="de",
        approved=True,
        title="Schubladen-Organizer – Testsieger 2026",
        bullet_points=GERMAN["bullet_points"],
        description=GERMAN["description"],
    )
    # The EU rules (GPSR person, packaging registration) are met, so only content is at stake.
    for document_type in ("gpsr_rp", "packaging"):
        ComplianceDocumentFactory(seller=seller, product=product, document_type=document_type)
    markets = select_marketplaces(codes=["DE", "US"])

    publish_products(seller=seller, products=[product], marketplaces=markets)

    listings = listings_of(seller, product)
    us, de = listings["US"], listings["DE"]
    assert us.state == Listing.State.SUPPRESSED
    assert us.problems == ["The title uses “free shipping”, which United States does not allow."]
    # The German text has no "free shipping" but uses a claim German law refuses.
    assert de.blocked_reasons == []
    assert de.state == Listing.State.SUPPRESSED
    assert de.problems == ["The title uses “testsieger”, which Germany does not allow."]
