"""The API documentation page works in a real browser under the portal's CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def static_live_server(request, settings):
    """live_server that also serves static files (Swagger UI comes from our own static files)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait(10)
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def test_swagger_ui_renders_the_operations_without_csp_violations(static_live_server, chromium_path):
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto(f"{static_live_server}/api/v1/docs/")
        page.wait_for_selector(".opblock", timeout=15000)
        assert page.locator(".opblock").count() >= 4
        # Swagger UI draws long operation lists as the reader scrolls: scroll to the jobs.
        jobs = page.locator("text=/api/v1/jobs/")
        for _ in range(80):
            if jobs.count():
                break
            page.mouse.wheel(0, 1500)
            page.wait_for_timeout(100)
        assert jobs.count() >= 1
        browser.close()
    # The browser blocking a script, style or request under the CSP says one of these.
    blocked = [p for p in problems if "Refused" in p or "violates the following Content Security Policy" in p]
    assert blocked == []
