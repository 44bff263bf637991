"""Content in the marketplace's language: Chinese text is held as needing translation unless the
seller approves it; a translation job that fills nothing ends with a warning."""

from decimal import Decimal

import pytest
from django.urls import reverse

from listings.models import FxRate, Listing, SourceTextApproval
from listings.services.publishing import publish_products, select_marketplaces
from listings.services.translation_fill import start_machine_translate
from listings.tasks.pricing import machine_translate
from listings.tests.factories import FxRateFactory, ProductFactory
from listings.tests.pricing_factories import TranslationFactory
from portal.models import JobRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(ecb_rates):
    FxRateFactory(currency="EGP", base_currency="USD", rate=Decimal("48.60"), source=FxRate.Source.OPERATOR)
    return ecb_rates


@pytest.fixture
def chinese(seller):
    return ProductFactory(
        seller=seller,
        source_language="zh",
        title="LED护眼台灯，可调光",
        bullet_points=["五档亮度", "USB-C 充电"],
        description="一款可调光的台灯。",
    )


def states(seller, product):
    return {
        listing.marketplace.code: listing
        for listing in Listing.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
    }


def test_chinese_content_does_not_go_live_in_arabic_or_english_marketplaces(seller, priced, chinese):
    publish_products(
        seller=seller, products=[chinese], marketplaces=select_marketplaces(codes=["SA", "AU", "AE", "EG"])
    )
    for code, listing in states(seller, chinese).items():
        assert listing.state == Listing.State.BLOCKED, code
        [reason] = [r for r in listing.blocked_reasons if r["rule"] == "needs_translation"]
        assert "zh" in reason["name"], code


def test_an_approved_translation_lets_the_listing_go_live(seller, priced, chinese):
    TranslationFactory(
        seller=seller,
        product=chinese,
        locale="en",
        title="LED desk lamp",
        bullet_points=["5 levels", "USB-C"],
        description="A dimmable lamp.",
        approved=True,
        origin="human",
    )
    publish_products(seller=seller, products=[chinese], marketplaces=select_marketplaces(codes=["AU"]))
    assert states(seller, chinese)["AU"].state == Listing.State.LIVE


def test_a_translation_with_chinese_left_in_it_is_still_held(seller, priced, chinese):
    TranslationFactory(
        seller=seller, product=chinese, locale="en", title="LED 台灯", approved=True, origin="human"
    )
    publish_products(seller=seller, products=[chinese], marketplaces=select_marketplaces(codes=["AU"]))
    listing = states(seller, chinese)["AU"]
    assert listing.state == Listing.State.BLOCKED
    assert "Chinese characters" in listing.blocked_reasons[0]["name"]


def test_the_sellers_explicit_choice_sells_the_source_text(owner_client, seller, priced, chinese):
    publish_products(seller=seller, products=[chinese], marketplaces=select_marketplaces(codes=["AU", "SA"]))
    au = states(seller, chinese)["AU"]
    page = owner_client.get(reverse("listings:listing_detail", args=[au.pk])).content.decode()
    assert "Needs translation" in page
    owner_client.post(reverse("listings:listing_approve_source", args=[au.pk]))
    after = states(seller, chinese)
    assert after["AU"].state == Listing.State.LIVE
    assert after["SA"].state == Listing.State.BLOCKED  # the choice is per marketplace
    assert SourceTextApproval.objects.for_seller(seller).count() == 1


def test_another_sellers_listing_cannot_be_approved(owner_client, other_seller, priced):
    theirs = ProductFactory(seller=other_seller, source_language="zh", title="台灯")
    publish_products(seller=other_seller, products=[theirs], marketplaces=select_marketplaces(codes=["AU"]))
    listing = Listing.objects.for_seller(other_seller).get()
    assert owner_client.post(reverse("listings:listing_approve_source", args=[listing.pk])).status_code == 404
    assert not SourceTextApproval.objects.for_seller(other_seller).exists()
    assert Listing.objects.for_seller(other_seller).get().state == Listing.State.BLOCKED


def test_a_translation_job_that_fills_nothing_ends_with_a_warning(
    seller, chinese, settings, django_capture_on_commit_callbacks
):
    settings.TRANSLATION_SERVER_URL = ""
    with django_capture_on_commit_callbacks(execute=False):
        job = start_machine_translate(seller=seller, languages=["en"])
    machine_translate(job.pk)
    job = JobRun.objects.for_seller(seller).get(pk=job.pk)
    assert job.status == JobRun.Status.WARNING
    assert (
        job.summary["message"]
        == "0 product texts translated; 1 could not be translated and still need a translation."
    )
    assert "Connect a LibreTranslate server" in job.summary["warning"]
