"""The signed webhook addresses outside /api/v1/ are in the OpenAPI document and in docs/api.md,
and the documented example is what the carrier webhook accepts."""

import hashlib
import hmac
import json
import re
import uuid
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import resolve

from logistics.api.tracking import carrier_webhook
from logistics.tests.factories import CarrierWebhookFactory
from portal.api.webhook_schema import CARRIER_WEBHOOK_PATH, SHOPIFY_WEBHOOK_PATH
from tests.urlwalk import walk

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"
SAMPLE_ARGUMENTS = {"carrier_code": "MAEU", "connection_uuid": str(uuid.uuid4())}


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    target = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    return yaml.safe_load(target.read_text())


def webhook_routes() -> list[str]:
    from django.urls import get_resolver

    return [route.route for route in walk(get_resolver()) if route.route.startswith("webhooks/")]


def test_every_webhook_address_is_in_the_schema_and_the_docs(schema):
    documented = {path for path in schema["paths"] if path.startswith("/webhooks/")}
    routes = webhook_routes()
    assert len(routes) >= 2
    # Each route of the URL configuration under /webhooks/ is one documented path, and back.
    as_paths = {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for route in routes}
    assert as_paths == documented
    text = DOCS.read_text()
    for path in documented:
        assert f"`POST {path}`" in text, path


def test_the_schema_paths_reach_the_webhook_views(schema):
    for path in (CARRIER_WEBHOOK_PATH, SHOPIFY_WEBHOOK_PATH):
        url = path.format(**SAMPLE_ARGUMENTS)
        match = resolve(url)
        assert match.url_name in {"carrier_webhook", "shopify_webhook"}, url
        operation = schema["paths"][path]["post"]
        assert operation["security"] == []  # no API key: the signature proves the sender
        assert operation["tags"] == ["webhooks"]
    assert resolve(CARRIER_WEBHOOK_PATH.format(**SAMPLE_ARGUMENTS)).func is carrier_webhook


def test_the_documented_headers_and_answers_match_the_schema(schema):
    text = DOCS.read_text()
    for path in (CARRIER_WEBHOOK_PATH, SHOPIFY_WEBHOOK_PATH):
        operation = schema["paths"][path]["post"]
        headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        for name in headers:
            assert f"`{name}`" in text, name
        for status in operation["responses"]:
            assert f"| {status} |" in text, (path, status)
    assert "`bad_signature`" in text


def documented_carrier_example() -> str:
    section = DOCS.read_text().split("### `POST /webhooks/carriers/")[1]
    return re.search(r"BODY='(.*?)'\n", section, re.DOTALL).group(1)


def test_the_documented_carrier_example_is_accepted(client, other_seller):
    webhook = CarrierWebhookFactory(seller=other_seller, carrier_code="MAEU")
    body = documented_carrier_example().encode()
    signature = "sha256=" + hmac.new(webhook.secret.encode(), body, hashlib.sha256).hexdigest()

    response = client.post(
        "/webhooks/carriers/MAEU/",
        data=body,
        content_type="application/json",
        headers={"X-Webhook-Id": webhook.public_id, "X-Signature": signature},
    )

    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["accepted"] == 1
    assert answer["results"][0]["result"] == "accepted"
    assert set(answer) == {"accepted", "duplicates", "rejected", "results"}


def test_a_wrong_signature_answers_as_documented(client, other_seller):
    webhook = CarrierWebhookFactory(seller=other_seller, carrier_code="MAEU")
    body = documented_carrier_example().encode()

    response = client.post(
        "/webhooks/carriers/MAEU/",
        data=body,
        content_type="application/json",
        headers={"X-Webhook-Id": webhook.public_id, "X-Signature": "sha256=" + "0" * 64},
    )

    assert response.status_code == 401
    assert json.loads(response.content)["code"] == "bad_signature"
