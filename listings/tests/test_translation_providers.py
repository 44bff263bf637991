"""Translation providers: LibreTranslate over HTTP (local fake server) and the offline built-in one."""

import json

import pytest

from listings.models import Translation
from listings.services.translation_fill import completeness, machine_fill
from listings.services.translation_providers import (
    BuiltinProvider,
    LibreTranslateProvider,
    TranslationRefused,
    TranslationUnavailable,
    provider_for,
)
from listings.tests.pricing_factories import (
    GlossaryTermFactory,
    ProductFactory,
    TranslationFactory,
    TranslationMemoryEntryFactory,
)

pytestmark = pytest.mark.django_db


def test_libretranslate_sends_the_batch_and_reads_the_translations(fake_server):
    # The shape a LibreTranslate server answers for a list of texts.
    fake_server.respond(
        200,
        {"translatedText": ["LED-Schreibtischlampe, dimmbar", "5 Helligkeitsstufen", "Laden über USB-C"]},
    )
    provider = LibreTranslateProvider(url=fake_server.url + "/", api_key="k-123", timeout=5)

    result = provider.translate(
        ["LED Desk Lamp, Dimmable", "5 brightness levels", "USB-C charging"], source="en", target="de"
    )

    assert result == ["LED-Schreibtischlampe, dimmbar", "5 Helligkeitsstufen", "Laden über USB-C"]
    method, path, headers, body = fake_server.requests[0]
    assert (method, path) == ("POST", "/translate")
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "q": ["LED Desk Lamp, Dimmable", "5 brightness levels", "USB-C charging"],
        "source": "en",
        "target": "de",
        "format": "text",
        "api_key": "k-123",
    }


def test_chinese_source_is_sent_as_zh(fake_server):
    fake_server.respond(200, {"translatedText": ["LED eye-care desk lamp"]})
    LibreTranslateProvider(url=fake_server.url).translate(["LED护眼台灯"], source="zh-hans", target="en")
    assert json.loads(fake_server.requests[0][3])["source"] == "zh"


def test_single_text_answer_is_accepted(fake_server):
    fake_server.respond(200, {"translatedText": "Lampe de bureau"})
    assert LibreTranslateProvider(url=fake_server.url).translate(["Desk lamp"], source="en", target="fr") == [
        "Lampe de bureau"
    ]


@pytest.mark.parametrize(
    ("status", "body", "error", "message"),
    [
        (
            400,
            {"error": "fr is not supported"},
            TranslationRefused,
            "rejected the request \\(400\\): fr is not",
        ),
        (403, {"error": "Invalid API key"}, TranslationRefused, "refused the API key: Invalid API key"),
        (429, {"error": "Too many request limits violations"}, TranslationUnavailable, "rate-limiting"),
        (500, {"error": "Cannot translate text: model crashed"}, TranslationUnavailable, "failed \\(500\\)"),
        (502, "<html>Bad Gateway</html>", TranslationUnavailable, "failed \\(502\\)"),
    ],
)
def test_server_errors_become_refusals_or_retryable_failures(fake_server, status, body, error, message):
    fake_server.respond(status, body)
    with pytest.raises(error, match=message) as caught:
        LibreTranslateProvider(url=fake_server.url).translate(["x"], source="en", target="fr")
    assert caught.value.status == status


def test_rate_limit_keeps_retry_after(fake_server):
    fake_server.respond(429, {"error": "Slow down"}, headers={"Retry-After": "30"})
    with pytest.raises(TranslationUnavailable) as caught:
        LibreTranslateProvider(url=fake_server.url).translate(["x"], source="en", target="fr")
    assert caught.value.retry_after == 30


def test_retryable_failures_are_connection_errors_so_jobs_retry_them():
    from portal.jobs import TRANSIENT_ERRORS

    assert issubclass(TranslationUnavailable, TRANSIENT_ERRORS)
    assert not issubclass(TranslationRefused, TRANSIENT_ERRORS)


def test_time_out_is_a_retryable_failure(fake_server):
    fake_server.respond(200, {"translatedText": ["late"]}, delay=1.0)
    with pytest.raises(TranslationUnavailable, match="did not answer within 0.2 s"):
        LibreTranslateProvider(url=fake_server.url, timeout=0.2).translate(["x"], source="en", target="fr")


def test_unreachable_server_is_a_retryable_failure(fake_server):
    url = fake_server.url
    fake_server.close()
    with pytest.raises(TranslationUnavailable, match="Cannot reach"):
        LibreTranslateProvider(url=url, timeout=1).translate(["x"], source="en", target="fr")
    fake_server.httpd = type(
        "Closed", (), {"shutdown": lambda self: None, "server_close": lambda self: None}
    )()


@pytest.mark.parametrize(
    "body",
    [{"translatedText": ["only one"]}, {"detectedLanguage": "en"}, "not json at all", ["a", "b"]],
)
def test_answers_of_the_wrong_shape_are_refused(fake_server, body):
    fake_server.respond(200, body)
    with pytest.raises(TranslationUnavailable):
        LibreTranslateProvider(url=fake_server.url).translate(["a", "b"], source="en", target="fr")


def test_builtin_uses_memory_then_glossary(seller):
    TranslationMemoryEntryFactory(seller=seller, source_text="USB-C charging", target_text="Laden über USB-C")
    GlossaryTermFactory(seller=seller, source_term="desk lamp", target_term="Schreibtischlampe")
    GlossaryTermFactory(seller=seller, source_term="lamp", target_term="Lampe")
    provider = BuiltinProvider(seller=seller)
    result = provider.translate(
        ["USB-C charging", "LED Desk Lamp", "Works for hours", ""], source="en", target="de"
    )
    assert result == ["Laden über USB-C", "LED Schreibtischlampe", None, ""]


def test_builtin_translates_chinese_only_when_no_chinese_is_left(seller):
    for term, rendering in [("护眼台灯", "Eye-Care Desk Lamp"), ("可调光", "Dimmable")]:
        GlossaryTermFactory(
            seller=seller, source_language="zh", target_language="en", source_term=term, target_term=rendering
        )
    provider = BuiltinProvider(seller=seller)
    assert provider.translate(["LED护眼台灯 可调光", "LED护眼台灯 USB充电"], source="zh", target="en") == [
        "LED Eye-Care Desk Lamp Dimmable",
        None,
    ]


def test_builtin_never_reads_another_sellers_memory(seller, other_seller):
    TranslationMemoryEntryFactory(seller=other_seller, source_text="USB-C charging", target_text="Theirs")
    assert BuiltinProvider(seller=seller).translate(["USB-C charging"], source="en", target="de") == [None]


def test_machine_fill_saves_machine_text_unapproved_and_leaves_existing_text(seller, fake_server):
    product = ProductFactory(
        seller=seller, source_language="en", bullet_points=["5 levels"], description="Lamp."
    )
    TranslationFactory(product=product, locale="fr", title="Existant", approved=True)
    fake_server.respond(200, {"translatedText": ["Lampe DE", "5 Stufen", "Lampe."]})
    provider = LibreTranslateProvider(url=fake_server.url)

    summary = machine_fill(seller=seller, languages=["de", "fr", "en"], provider=provider)

    assert summary["filled"] == 1
    assert len(fake_server.requests) == 1
    de = Translation.objects.for_seller(seller).get(product=product, locale="de")
    assert (de.title, de.bullet_points, de.description) == ("Lampe DE", ["5 Stufen"], "Lampe.")
    assert de.origin == Translation.Origin.MACHINE
    assert de.approved is False
    assert de.provider == "libretranslate"
    assert Translation.objects.for_seller(seller).get(locale="fr").title == "Existant"


def test_machine_fill_counts_what_the_builtin_cannot_translate(seller):
    ProductFactory(seller=seller, source_language="en")
    summary = machine_fill(seller=seller, languages=["de"], provider=BuiltinProvider(seller=seller))
    assert summary == {"filled": 0, "untranslatable": 1, "provider": "builtin", "languages": ["de"]}


def test_completeness_per_language(seller, other_seller):
    a, b, c = ProductFactory.create_batch(3, seller=seller, source_language="en")
    TranslationFactory(product=a, locale="de", approved=True)
    TranslationFactory(product=b, locale="de_DE", approved=False)
    TranslationFactory(product=b, locale="de", approved=False)
    TranslationFactory(product=ProductFactory(seller=other_seller), locale="de", approved=True)
    by_language = {row.language: row for row in completeness(seller, languages=["de", "en", "ja"])}
    assert (by_language["de"].approved, by_language["de"].machine, by_language["de"].missing) == (1, 1, 1)
    assert by_language["de"].percent == 67
    assert by_language["en"].approved == 3
    assert by_language["ja"].missing == 3


def test_provider_for_uses_the_sellers_settings(seller, settings):
    from listings.models import TranslationSettings

    settings.TRANSLATION_SERVER_URL = ""
    assert isinstance(provider_for(seller), BuiltinProvider)
    TranslationSettings.objects.create(
        seller=seller, provider="libretranslate", server_url="http://lt.example:5000", api_key="abc"
    )
    provider = provider_for(seller).inner  # the server, inside the seller's glossary
    assert isinstance(provider, LibreTranslateProvider)
    assert (provider.url, provider.api_key) == ("http://lt.example:5000", "abc")
