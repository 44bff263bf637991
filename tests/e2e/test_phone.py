"""On a phone (390×844, an iPhone 12–15): the navigation folds behind "Menu", and wide
tables scroll inside their own box instead of widening the page.

Debian's chromium driven by Playwright, against the live server with the demo data.
"""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from portal.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.test_sign_in import CHROMIUM_ARGS

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
AREAS = ("Dashboard", "Listings", "Inventory", "Logistics", "Brand protection", "Jobs", "Settings")
LISTING_PAGES = (
    "/listings/products/",
    "/listings/matrix/",
    "/listings/pricing/",
    "/listings/translations/",
    "/listings/reviews/",
)
# For each table of the page: does it reach past the viewport's right edge, and if so, is it
# (or a box around it) a horizontal scroller no wider than the viewport?
TABLES_FIT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX)
                          && el.getBoundingClientRect().right <= width + 1;
  const problems = [];
  for (const table of document.querySelectorAll("main table")) {
    if (table.getBoundingClientRect().right <= width + 1) continue;
    let box = table, contained = false;
    while (box && box !== document.body) {
      if (scrolls(box)) { contained = true; break; }
      box = box.parentElement;
    }
    if (!contained) problems.push(table.className || table.outerHTML.slice(0, 60));
  }
  return problems;
}"""


@pytest.fixture(autouse=True)
def _orm_beside_playwrights_event_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def phone(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        yield page
        browser.close()
        assert errors == [], errors


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("owner@brighthome.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_the_navigation_folds_behind_the_menu_on_a_phone(phone, live_server, demo):
    sign_in(phone, live_server)
    nav = phone.get_by_role("navigation", name="Main")

    expect(phone.get_by_text("Menu", exact=True)).to_be_visible()
    for area in AREAS:
        expect(nav.get_by_role("link", name=area, exact=True)).to_be_hidden()

    phone.get_by_text("Menu", exact=True).click()

    for area in AREAS:
        expect(nav.get_by_role("link", name=area, exact=True)).to_be_visible()
    nav.get_by_role("link", name="Listings", exact=True).click()
    expect(phone).to_have_url(f"{live_server.url}/listings/")
    # A new page starts with the menu folded again.
    expect(nav.get_by_role("link", name="Inventory", exact=True)).to_be_hidden()


def test_listing_tables_do_not_widen_the_page_on_a_phone(phone, live_server, demo):
    sign_in(phone, live_server)
    tables = 0
    for path in LISTING_PAGES:
        phone.goto(f"{live_server.url}{path}")
        expect(phone.locator("main h1")).to_be_visible()
        tables += phone.locator("main table").count()
        assert phone.evaluate(TABLES_FIT) == [], path
        page_width = phone.evaluate("document.documentElement.scrollWidth")
        assert page_width <= PHONE["width"], f"{path} is {page_width}px wide on a {PHONE['width']}px screen"
    assert tables >= 3, "the demo listing pages showed few tables: the test would prove little"
