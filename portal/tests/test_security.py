"""Security basics: the Content Security Policy and the production settings."""

import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from portal.management.commands.seed_demo import BRIGHT_HOME
from portal.models import Seller
from portal.tenancy import seller_scope
from tests.urlwalk import all_routes, declared_model, url_arguments

pytestmark = pytest.mark.django_db

INLINE_STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b(?![^>]*\bnonce=)", re.IGNORECASE)
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for path in base.rglob("*.html"):
        parts = path.relative_to(base).parts
        if "templates" in parts and parts[0] not in {".venv", "node_modules", "staticfiles"}:
            found.append(path)
    return found


def csp_violations(text: str) -> list[str]:
    problems = []
    if INLINE_STYLE_ATTRIBUTE.search(text):
        problems.append("inline style attribute")
    if STYLE_ELEMENT.search(text):
        problems.append("<style> without the nonce")
    if EVENT_HANDLER_ATTRIBUTE.search(text):
        problems.append("inline event handler (onclick=…)")
    for attributes in SCRIPT_ELEMENT.findall(text):
        # Data for scripts (json_script: a chart's figures) is never run, so the policy allows it.
        if 'type="application/json"' in attributes:
            continue
        if "src=" not in attributes and "nonce=" not in attributes:
            problems.append("inline <script> without the nonce")
    return problems


def test_pages_send_a_strict_content_security_policy(owner_client):
    response = owner_client.get(reverse("dashboard"))

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy
    assert "'nonce'" not in policy  # the bare word is no source; a nonce is 'nonce-<value>'


def test_a_script_with_the_nonce_matches_the_header(rf, owner):
    from django.template import engines

    from portal.middleware import CurrentSellerMiddleware

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')
    request = rf.get("/")
    request.user = owner
    request.session = {}
    from csp.middleware import CSPMiddleware

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    response = CSPMiddleware(CurrentSellerMiddleware(view))(request)

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_no_template_needs_inline_code_the_policy_forbids():
    templates = project_templates()
    assert len(templates) >= 15
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): problems
        for path in templates
        if (problems := csp_violations(TEMPLATE_COMMENT.sub("", path.read_text())))
    }
    assert offenders == {}


def test_the_scanner_finds_what_the_policy_forbids():
    assert csp_violations('<p style="color: red">') == ["inline style attribute"]
    assert csp_violations("<script>alert(1)</script>") == ["inline <script> without the nonce"]
    assert csp_violations('<button onclick="go()">') == ["inline event handler (onclick=…)"]
    assert csp_violations('<script src="/static/x.js" defer></script>') == []
    assert csp_violations('<script id="c-data" type="application/json">{"a": 1}</script>') == []
    assert csp_violations('<script type="text/javascript">go()</script>') == [
        "inline <script> without the nonce"
    ]


def test_rendered_pages_respect_the_policy(owner_client):
    for name in ("dashboard", "jobs", "settings", "members", "invitations", "audit_log", "seller_profile"):
        body = owner_client.get(reverse(name)).content.decode()
        assert csp_violations(body) == [], name
        # htmx must not add its indicator <style> element, which the policy would block.
        assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in body


def demo_page_urls(seller) -> list[str]:
    """Every page of every app: those without URL arguments, and those with one for a demo object."""
    urls = []
    for route in all_routes():
        if route.is_api:
            continue
        arguments = url_arguments(route)
        if not arguments:
            urls.append(reverse(route.name))
            continue
        model, lookup = declared_model(route)
        if model is None:
            continue
        view_cls = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
        parents = getattr(view_cls, "tenant_url_kwargs", {})
        obj = model.objects.for_seller(seller).order_by("pk").first()
        if obj is None or parents:
            continue
        urls.append(reverse(route.name, kwargs={name: getattr(obj, lookup) for name in arguments}))
    return urls


def test_every_page_of_every_app_respects_the_policy(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="owner@brighthome.example"))
    seller = Seller.objects.get(slug=BRIGHT_HOME.slug)

    offenders, rendered = {}, 0
    with seller_scope(seller):
        urls = demo_page_urls(seller)
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        rendered += 1
        if problems := csp_violations(response.content.decode()):
            offenders[url] = problems
    assert offenders == {}
    assert rendered >= 35, f"only {rendered} pages rendered: the walk proves little"


def test_unknown_page_renders_the_404_template_in_the_layout(owner_client):
    response = owner_client.get("/no/such/page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="main-nav"' in body


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "portal.example",
        "FIELD_ENCRYPTION_KEYS": "l1wdrd2tpAhrSb0M9bdqxQ_VgqY3h5Bn1W7Qy4hTVNo=",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
