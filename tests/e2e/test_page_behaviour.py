"""In the browser, against the demo data: charts are drawn from our own Chart.js inside the
CSP, bulk actions on the matrix ask to confirm with the count of ticked listings, a column is
ticked with one click, and compact mode fits the matrix on a laptop screen."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from listings.models import Listing
from portal.management.commands.seed_demo import DEMO_PASSWORD
from portal.models import Seller
from tests.e2e.test_sign_in import CHROMIUM_ARGS

pytestmark = [pytest.mark.browser]
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def _orm_beside_playwrights_event_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def page(chromium_path, live_server, demo):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="en-GB", viewport=LAPTOP)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(f"{live_server.url}/")
        page.get_by_label("Username").fill("owner@brighthome.example")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
        yield page
        browser.close()
        # A Content Security Policy violation is reported on the console as an error.
        assert errors == [], errors


def test_the_dashboard_draws_its_charts_inside_the_csp(page):
    canvas = page.locator('canvas[data-chart="sales-by-week-data"]')
    expect(canvas).to_have_attribute("data-chart-drawn", "1")
    assert page.evaluate("typeof window.Chart") == "function"
    assert page.evaluate("Chart.version").startswith("4.")
    box = canvas.bounding_box()
    assert box["width"] > 200
    assert box["height"] > 100


def test_ending_listings_asks_with_the_count_and_a_no_keeps_them(page, live_server):
    page.goto(f"{live_server.url}/listings/matrix/")
    page.get_by_role("button", name="all listings in JP").click()
    ticked = page.locator('input[name="listing"]:checked').count()
    assert ticked >= 2
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="End listings").click()

    assert questions == [f"End {ticked} listings? Ended listings stop selling and cannot be resumed."]
    seller = Seller.objects.get(slug="shenzhen-bright-home")
    assert not Listing.objects.for_seller(seller).filter(state=Listing.State.ENDED).exists()


def test_ending_with_nothing_ticked_sends_nothing(page, live_server):
    page.goto(f"{live_server.url}/listings/matrix/")
    messages = []
    page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="End listings").click()

    assert messages == ["Tick at least one listing first."]
    expect(page).to_have_url(f"{live_server.url}/listings/matrix/")


def test_compact_mode_fits_the_matrix_on_a_laptop_and_is_remembered(page, live_server):
    page.goto(f"{live_server.url}/listings/matrix/")
    page.get_by_role("button", name="Compact view").click()
    expect(page.locator("#matrix-grid")).to_have_class("matrix compact")
    width = page.evaluate("document.getElementById('matrix-grid').scrollWidth")
    assert width <= LAPTOP["width"]
    page.reload()
    expect(page.get_by_role("button", name="Compact view")).to_have_attribute("aria-pressed", "true")
