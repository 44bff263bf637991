"""Every page of the portal, in English and Chinese, on a laptop (1366 px) and a phone (390 px):
axe-core finds no serious or critical violation, and nothing widens the page on the phone.

Debian's chromium driven by Playwright against the live server with the demo data, signed
in as the demo owner. axe-core is the vendored copy in tests/e2e/vendor/axe-core (npm
`axe-core`, MPL-2.0), injected as an init script: Playwright adds those outside the page's
CSP, so the portal's policy stays as strict as in production. Screenshots of every page go to
var/screenshots/ (a CI artefact, not committed).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from portal.management.commands.seed_demo import DEMO_PASSWORD
from portal.models import Seller
from tests.e2e.test_sign_in import CHROMIUM_ARGS
from tests.urlwalk import all_routes, declared_model, url_arguments

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("en", "zh-hans")
BLOCKING = ("serious", "critical")
# Routes that are not pages a seller reads: downloads, htmx partials, the API's documents.
NOT_PAGES = {
    "listings:product_export",
    "job_progress",
    "logistics:shipment_invoice",
    "logistics:shipment_packing_list",
    "logistics:shipment_timeline",
}
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")), count: v.nodes.length,
  }));
}"""


@pytest.fixture(autouse=True)
def _orm_beside_playwrights_event_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Seller.objects.get(slug="shenzhen-bright-home")


def page_paths(seller) -> list[str]:
    """Every page's address: routes without arguments, and each detail page with the demo
    seller's first object of the model it shows."""
    from django.urls import reverse

    paths = []
    for route in all_routes():
        if route.is_api or route.name in NOT_PAGES or route.route.startswith("webhooks/"):
            continue
        arguments = url_arguments(route)
        if not arguments:
            paths.append(reverse(route.name))
            continue
        model, lookup = declared_model(route)
        if model is None or len(arguments) != 1:
            continue
        row = model.objects.for_seller(seller).order_by("pk").first()
        if row is not None:
            paths.append(reverse(route.name, kwargs={arguments[0]: getattr(row, lookup)}))
    return sorted(set(paths))


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("owner@brighthome.example")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe_and_fits_the_screen(chromium_path, live_server, demo, language, width):
    paths = page_paths(demo)
    assert len(paths) >= 30, paths
    problems: dict[str, list] = {}
    too_wide: dict[str, int] = {}
    visited = 0
    folder = SCREENSHOTS / f"{language}-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(
            viewport=WIDTHS[width], locale="en-GB", is_mobile=width == "phone", has_touch=width == "phone"
        )
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, live_server)
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for path in paths:
            # POST-only actions (405) and downloads are not pages: ask first, then visit.
            probe = page.request.get(f"{live_server.url}{path}", max_redirects=0)
            if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
                # 404: the first row of the model is not one this page shows (a default rule).
                assert probe.status in (200, 302, 404, 405), f"{path} answered {probe.status}"
                continue
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None
            assert response.status == 200, f"{path} answered {response.status}"
            if not page.locator("main").count():
                continue
            visited += 1
            name = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "dashboard"
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
            if blocking:
                problems[path] = blocking
            if width == "phone":
                page_width = page.evaluate("document.documentElement.scrollWidth")
                if page_width > WIDTHS["phone"]["width"]:
                    too_wide[path] = page_width
        browser.close()
    # The full report beside the screenshots; the assertion names each page and rule.
    (SCREENSHOTS / f"axe-{language}-{width}.json").write_text(
        json.dumps(problems, indent=1, ensure_ascii=False)
    )
    assert visited >= 30
    summary = sorted(
        f"{path}: {v['id']} ({v['impact']}, {v['count']}× e.g. {v['nodes'][:2]})"
        for path, vs in problems.items()
        for v in vs
    )
    assert summary == [], "\n".join(summary)
    assert too_wide == {}, too_wide
