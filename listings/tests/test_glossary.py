"""The seller's glossary in every provider: placeholders through a server, the page, review highlights."""

import json

import pytest
from django.urls import reverse

from listings.models import GlossaryTerm, Translation
from listings.services.glossary import Glossary, GlossaryBound, Term, add_glossary_term
from listings.services.translation_fill import machine_fill
from listings.services.translation_providers import LibreTranslateProvider, provider_for
from listings.tests.pricing_factories import GlossaryTermFactory, ProductFactory, TranslationFactory
from portal.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(seller):
    GlossaryTermFactory(seller=seller, source_term="Brightora", target_term="Brightora")  # kept
    GlossaryTermFactory(seller=seller, source_term="desk lamp", target_term="Schreibtischleuchte")  # forced


def test_a_protected_term_survives_a_libretranslate_round_trip(seller, terms, fake_server):
    fake_server.respond(200, {"translatedText": ["⟦0⟧ LED-⟦1⟧, dimmbar"]})
    provider = GlossaryBound(LibreTranslateProvider(url=fake_server.url), seller)

    result = provider.translate(["Brightora LED desk lamp, dimmable"], source="en", target="de")

    sent = json.loads(fake_server.requests[0][3])["q"]
    assert sent == ["⟦0⟧ LED ⟦1⟧, dimmable"]  # the server never sees the terms
    assert result == ["Brightora LED-Schreibtischleuchte, dimmbar"]


def test_a_translation_that_lost_a_placeholder_is_not_kept(seller, terms, fake_server):
    fake_server.respond(200, {"translatedText": ["Brightora LED-Lampe", "⟦0⟧ ⟦0⟧"]})
    provider = GlossaryBound(LibreTranslateProvider(url=fake_server.url), seller)
    assert provider.translate(["Brightora desk lamp", "Brightora desk lamp"], source="en", target="de") == [
        None,
        None,
    ]


def test_the_site_server_is_used_with_the_glossary_by_machine_fill(seller, terms, fake_server, settings):
    settings.TRANSLATION_SERVER_URL = fake_server.url
    product = ProductFactory(
        seller=seller,
        source_language="en",
        title="Brightora desk lamp",
        bullet_points=["Dimmable"],
        description="A Brightora lamp.",
    )
    fake_server.respond(200, {"translatedText": ["⟦0⟧ ⟦1⟧", "Dimmbar", "Eine ⟦0⟧-Lampe."]})
    summary = machine_fill(seller=seller, languages=["de"])
    assert summary["filled"] == 1
    saved = Translation.objects.for_seller(seller).get(product=product, locale="de")
    assert (saved.title, saved.description) == ("Brightora Schreibtischleuchte", "Eine Brightora-Lampe.")
    assert isinstance(provider_for(seller), GlossaryBound)


def test_a_brand_alone_is_not_a_translation_for_the_builtin_provider(seller, terms):
    from listings.services.translation_providers import BuiltinProvider

    provider = BuiltinProvider(seller=seller)
    assert provider.translate(["Brightora lamp"], source="en", target="de") == [None]
    assert provider.translate(["Brightora desk lamp"], source="en", target="de") == [
        "Brightora Schreibtischleuchte"
    ]


def test_review_highlights_glossary_renderings():
    glossary = Glossary([Term("desk lamp", "Schreibtischleuchte"), Term("Brightora", "Brightora")])
    assert glossary.highlight("Brightora <b>Schreibtischleuchte</b>") == (
        '<mark class="glossary-hit">Brightora</mark> &lt;b&gt;'
        '<mark class="glossary-hit">Schreibtischleuchte</mark>&lt;/b&gt;'
    )


def test_the_translations_page_marks_glossary_hits(owner_client, seller, terms):
    TranslationFactory(seller=seller, locale="de", title="Brightora Schreibtischleuchte")
    page = owner_client.get(reverse("listings:translations")).content.decode()
    assert '<mark class="glossary-hit">Schreibtischleuchte</mark>' in page


def test_the_glossary_page_adds_a_kept_term_and_names_bad_fields(owner_client, seller):
    response = owner_client.post(
        reverse("listings:glossary"),
        {"source_language": "zh", "target_language": "en", "source_term": "光影", "target_term": ""},
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.for_seller(seller).get()
    assert (term.source_term, term.target_term, term.target_language) == ("光影", "光影", "en")

    response = owner_client.post(
        reverse("listings:glossary"),
        {"source_language": "zh", "target_language": "zh", "source_term": "台灯", "target_term": "lamp"},
    )
    assert response.status_code == 200
    assert "target_language" in response.context["form"].errors
    assert GlossaryTerm.objects.for_seller(seller).count() == 1


def test_a_duplicate_term_is_refused_and_nothing_changes(seller):
    add_glossary_term(
        seller=seller, source_language="en", target_language="de", source_term="lamp", target_term="L"
    )
    with pytest.raises(InvalidInput) as error:
        add_glossary_term(seller=seller, source_language="en", target_language="de", source_term="lamp")
    assert "source_term" in error.value.fields
    assert GlossaryTerm.objects.for_seller(seller).get().target_term == "L"


def test_another_sellers_term_answers_404(owner_client, seller, other_seller):
    theirs = GlossaryTermFactory(seller=other_seller)
    response = owner_client.post(reverse("listings:glossary_delete", args=[theirs.pk]))
    assert response.status_code == 404
    assert GlossaryTerm.objects.for_seller(other_seller).filter(pk=theirs.pk).exists()
    page = owner_client.get(reverse("listings:glossary")).content.decode()
    assert theirs.target_term not in page
