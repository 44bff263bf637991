"""Content per locale: approved, then machine, then the source text; marketplace content limits."""

import pytest

from listings.models import Translation, TranslationMemoryEntry
from listings.services.localisation import (
    LocalisedContent,
    approve_translation,
    content_problems,
    localised_contents,
    save_translation,
)
from listings.tests.pricing_factories import ProductFactory, TranslationFactory
from portal.exceptions import InvalidInput
from portal.models import Marketplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def markets():
    return {m.code: m for m in Marketplace.objects.all()}


def test_approved_beats_machine_and_source_is_the_fallback(seller):
    product = ProductFactory(seller=seller, title="LED Desk Lamp", source_language="en")
    TranslationFactory(product=product, locale="de", title="Maschinen-Titel", approved=False)
    TranslationFactory(
        product=product,
        locale="de_DE",
        title="Geprüfter Titel",
        approved=True,
        origin=Translation.Origin.HUMAN,
    )
    TranslationFactory(product=product, locale="fr", title="Lampe de bureau LED", approved=False)

    contents = localised_contents(seller, [product], ["de_DE", "de_AT", "fr_FR", "ja_JP", "en_GB"])

    assert contents[(product.pk, "de_DE")].title == "Geprüfter Titel"
    assert contents[(product.pk, "de_DE")].origin == "approved"
    # de_AT has nothing of its own: the bare-language machine text serves it.
    assert contents[(product.pk, "de_AT")].title == "Maschinen-Titel"
    assert contents[(product.pk, "de_AT")].origin == "machine"
    assert contents[(product.pk, "fr_FR")].origin == "machine"
    assert contents[(product.pk, "ja_JP")] == LocalisedContent(
        title="LED Desk Lamp",
        bullet_points=product.bullet_points,
        description=product.description,
        origin="source",
        locale="ja_JP",
    )
    assert contents[(product.pk, "en_GB")].origin == "source"


def test_an_approved_language_translation_beats_a_machine_one_for_the_exact_locale(seller):
    product = ProductFactory(seller=seller)
    TranslationFactory(product=product, locale="fr_BE", title="Machine BE", approved=False)
    TranslationFactory(product=product, locale="fr", title="Approuvé", approved=True)
    content = localised_contents(seller, [product], ["fr_BE"])[(product.pk, "fr_BE")]
    assert (content.title, content.origin) == ("Approuvé", "approved")


def test_contents_of_a_batch_take_one_query(seller, django_assert_num_queries):
    products = ProductFactory.create_batch(20, seller=seller)
    for product in products[:10]:
        TranslationFactory(product=product, locale="de")
    with django_assert_num_queries(1):
        contents = localised_contents(seller, products, ["de_DE", "fr_FR", "ja_JP", "ar_SA"])
    assert len(contents) == 80


def test_other_sellers_translations_are_never_used(seller, other_seller):
    product = ProductFactory(seller=seller, title="Mine")
    theirs = ProductFactory(seller=other_seller)
    TranslationFactory(product=theirs, locale="de", title="Fremder Titel")
    TranslationFactory(product=product, locale="fr", title="Le mien")
    contents = localised_contents(seller, [product], ["de_DE"])
    assert contents[(product.pk, "de_DE")].title == "Mine"
    with pytest.raises(ValueError, match="does not belong"):
        localised_contents(seller, [theirs], ["de_DE"])


def test_title_too_long_for_the_marketplace(markets):
    content = LocalisedContent(title="x" * 120)
    assert content_problems(content, markets["DE"]) == []
    assert content_problems(content, markets["JP"]) == [
        "The title has 120 characters; Japan allows at most 100."
    ]


def test_forbidden_terms_are_named_with_where_they_are(markets):
    content = LocalisedContent(
        title="Desk Lamp – Best Seller 2026",
        bullet_points=["Free shipping worldwide"],
        description="Testsieger bei Stiftung Warentest",
    )
    problems = content_problems(content, markets["DE"])
    assert "The title uses “best seller”, which Germany does not allow." in problems
    assert "The bullet points uses “free shipping”, which Germany does not allow." in problems
    assert "The description uses “testsieger”, which Germany does not allow." in problems
    # "testsieger" is a German rule only.
    assert not any("testsieger" in p for p in content_problems(content, markets["US"]))


def test_words_that_merely_contain_a_term_pass(markets):
    assert content_problems(LocalisedContent(title="Procures nothing, Lamp"), markets["US"]) == []


def test_too_many_and_too_long_bullets(markets):
    content = LocalisedContent(title="Lamp", bullet_points=["ok"] * 5 + ["y" * 501])
    assert content_problems(content, markets["UK"]) == [
        "There are 6 bullet points; United Kingdom shows at most 5.",
        "Bullet point 6 has 501 characters; the limit is 500.",
    ]


def test_machine_text_is_never_saved_approved_and_approval_fills_the_memory(seller, owner):
    product = ProductFactory(seller=seller, title="LED Desk Lamp", bullet_points=["USB-C charging"])
    translation = save_translation(
        seller=seller,
        product=product,
        locale="de",
        title="LED-Schreibtischlampe",
        bullet_points=["Laden über USB-C"],
        origin=Translation.Origin.MACHINE,
        approved=True,
    )
    assert translation.approved is False
    assert not TranslationMemoryEntry.objects.for_seller(seller).exists()

    approve_translation(seller=seller, translation=translation, user=owner)

    translation.refresh_from_db()
    assert translation.approved
    assert translation.approved_by == owner
    memory = dict(
        TranslationMemoryEntry.objects.for_seller(seller)
        .filter(target_language="de")
        .values_list("source_text", "target_text")
    )
    assert memory == {"LED Desk Lamp": "LED-Schreibtischlampe", "USB-C charging": "Laden über USB-C"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"locale": "German"}, "locale"),
        ({"title": "  "}, "title"),
        ({"bullet_points": "one bullet"}, "bullet_points"),
        ({"origin": "robot"}, "origin"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(seller, fields, field):
    product = ProductFactory(seller=seller)
    values = {"locale": "de", "title": "Titel", **fields}
    with pytest.raises(InvalidInput) as caught:
        save_translation(seller=seller, product=product, **values)
    assert field in caught.value.fields
    assert not Translation.objects.for_seller(seller).exists()
