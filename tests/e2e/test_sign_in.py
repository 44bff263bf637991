"""End to end in Debian's chromium, driven by Playwright, against the live server.

A seller's user signs in, switches the portal to Simplified Chinese and sees the dashboard
in Chinese; and an operator starts the demo job and watches its progress partial, polled
by htmx, until the run has finished.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from portal.celery import app as celery_app
from portal.models import JobRun
from portal.tasks.marketplace_readiness import check_marketplace_readiness
from portal.tests.factories import MembershipFactory, SellerFactory, UserFactory

pytestmark = [pytest.mark.browser]

PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHINESE_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"


@pytest.fixture(autouse=True)
def _orm_beside_playwrights_event_loop(monkeypatch):
    # Playwright's sync API keeps an asyncio loop running in this thread; the test's own
    # ORM calls are still plain synchronous code, so Django may run them here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        yield page
        browser.close()
        # A Content Security Policy violation is reported on the console as an error.
        assert errors == [], errors


@pytest.fixture
def seeded_user(transactional_db):
    seller = SellerFactory(slug="shenzhen-bright-home", name="Shenzhen Bright Home", stage="optimise")
    user = UserFactory(username="owner@brighthome.example", first_name="Li", last_name="Wei")
    MembershipFactory(user=user, seller=seller, role="owner")
    return user


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_sign_in_switch_to_chinese_and_see_the_dashboard(page, live_server, seeded_user):
    if not CHINESE_CATALOGUE.exists():
        pytest.fail(
            "The Chinese catalogue is not compiled: run `make test` or `pybabel compile -d locale -D django`."
        )

    sign_in(page, live_server, seeded_user)
    expect(page.locator(".lead")).to_have_text("Shenzhen Bright Home")

    page.get_by_role("button", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("仪表盘")
    expect(page.get_by_role("link", name="库存", exact=True)).to_be_visible()
    expect(page.locator(".stage-current")).to_have_text("优化")
    expect(page.get_by_role("heading", name="最近的任务")).to_be_visible()
    # The choice sticks: the next page is in Chinese too.
    page.get_by_role("link", name="设置", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("设置")


@pytest.fixture
def eager_tasks(settings):
    # Read the worker's setting before changing Django's, which Celery may read through.
    before = celery_app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def test_start_the_demo_job_and_watch_its_progress_finish(
    page, live_server, seeded_user, settings, monkeypatch, eager_tasks
):
    settings.DEMO_JOB_STEP_SECONDS = 0
    # The test is the worker: the task is held when the page enqueues it, so the browser
    # first shows the queued run, then the test runs the real task (eagerly) while the
    # page polls the progress partial.
    held = []
    monkeypatch.setattr(check_marketplace_readiness, "delay", lambda job_id: held.append(job_id))

    sign_in(page, live_server, seeded_user)
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("button", name="Run demo job").click()

    progress = page.locator("#job-progress")
    expect(progress.locator(".badge-text").first).to_have_text("Queued")
    expect(progress).to_have_attribute("hx-trigger", "every 1s")
    [job_id] = held
    assert page.url == f"{live_server.url}/jobs/{job_id}/"

    check_marketplace_readiness.apply(args=[job_id])

    expect(progress.locator(".badge-text").first).to_have_text("Succeeded")
    expect(progress.locator("progress")).to_have_attribute("value", "100")
    expect(progress.get_by_role("heading", name="23 of 23 marketplaces ready")).to_be_visible()
    # Finished: the partial has no polling attributes any more.
    expect(progress).not_to_have_attribute("hx-trigger", "every 1s")
    assert (
        JobRun.objects.for_seller(seeded_user.memberships.get().seller).get(pk=job_id).status == "succeeded"
    )
