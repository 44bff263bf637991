"""The OpenAPI document is valid, warning-free, and the docs page works under our CSP."""

import pytest
import yaml
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_schema_generates_valid_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    # --fail-on-warn turns every warning (an endpoint it cannot describe) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A seller's API key: `nggs_<prefix>.<secret>`.",
    }
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "detail", "fields"}
    for path in ("/api/v1/seller/", "/api/v1/marketplaces/", "/api/v1/jobs/", "/api/v1/jobs/{id}/"):
        assert path in schema["paths"], path
    jobs = schema["paths"]["/api/v1/jobs/{id}/"]["get"]
    for code in ("401", "403", "404", "429"):
        assert jobs["responses"][code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    listing = schema["paths"]["/api/v1/jobs/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"cursor", "status", "kind"}


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.api_urls")
def test_idempotent_posts_document_the_header():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in ("/api/v1/batches/", "/api/v1/batches/restart/", "/api/v1/non-field/"):
        names = [p["name"] for p in schema["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
        assert "409" in schema["paths"][path]["post"]["responses"]


@pytest.mark.django_db
def test_schema_endpoint_serves_openapi_3():
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_docs_page_loads_everything_from_our_own_origin():
    client = Client()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html
    assert "https://" not in html
    assert "<style" not in html  # the CSP allows no inline style without a nonce
    assert "<script>" not in html  # nor inline scripts: the start script is its own request
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_docs_list_every_scope_and_error_code():
    from pathlib import Path

    from django.conf import settings
    from rest_framework import exceptions

    import portal.api.idempotency  # noqa: F401 - defines its error classes
    from portal.api.errors import INVALID, NOT_FOUND, SERVER_ERROR
    from portal.api.scopes import API_SCOPES
    from portal.exceptions import PortalError

    text = Path(settings.BASE_DIR, "docs", "api.md").read_text()
    for scope in API_SCOPES:
        assert f"`{scope}`" in text, scope
    codes = {INVALID, NOT_FOUND, SERVER_ERROR, "insufficient_scope"}
    codes |= {c.code for c in _subclasses(PortalError) if c.__module__.startswith("portal.")}
    codes |= {
        c.default_code for c in _subclasses(exceptions.APIException) if c.__module__ == exceptions.__name__
    }
    codes.discard("error")  # PortalError's own, never raised as such
    for code in codes:
        assert f"`{code}`" in text, code
