"""The partner API under a schema fuzzer: every operation of the live OpenAPI schema gets
requests generated from it (valid ones and ones that break it), with a fixed seed, against
the demo database, and every schemathesis check must hold: no 500, every status and
content type documented, responses matching their schema, schema-breaking requests
refused, valid ones not refused for their shape.

A request can match the schema and still break a rule the schema cannot state (an id of
no object of the seller, a container number's check digit, a lane not yet chosen): the
answer is then a documented 400 naming the field. So for schema-valid requests 400 is an
expected answer; for schema-breaking requests it is the only right one.

The partner endpoints whose validation lives in the partners' boundary module (carrier
tracking, DCSA, the Shopify and carrier webhooks) are fuzzed by that module's own tests.
"""

import pytest
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

from portal.api.scopes import API_SCOPES
from portal.api.throttling import APIKeyRateThrottle
from portal.models import Seller
from portal.services.api_keys import create_api_key
from portal.tenancy import seller_scope

schemathesis = pytest.importorskip("schemathesis")

SEED = 20261204
EXAMPLES = 10
PARTNER_BOUNDARY = r"^/(webhooks/|api/v1/tracking)"

CONFIG = {
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES, "database": "none"},
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]},
    },
}


@pytest.fixture
def _connection_kept_across_requests():
    """The fuzzer calls the real WSGI handler, whose request signals close the database
    connection when its autocommit differs from the settings' — always, inside the test's
    transaction. Django's test client disconnects the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(db, monkeypatch, _connection_kept_across_requests):
    """The demo data and a key of its first seller with every scope; no throttling."""
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    monkeypatch.setattr(APIKeyRateThrottle, "allow_request", lambda self, request, view: True)
    seller = Seller.objects.order_by("pk").first()
    with seller_scope(seller):
        _key, raw = create_api_key(seller=seller, name="fuzzer", scopes=list(API_SCOPES))
    return raw


def _operations(raw_key: str):
    from schemathesis.config import SchemathesisConfig

    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", get_wsgi_application(), config=SchemathesisConfig.from_dict(CONFIG)
    ).exclude(path_regex=PARTNER_BOUNDARY)
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation, mode, headers: dict[str, str]) -> str | None:
    """Run the operation's examples of one generation mode; the first failure's report."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        case.call_and_validate(headers=headers)

    try:
        run()
    except BaseException as exc:  # noqa: BLE001 - the report is the finding (an exception group)
        if isinstance(exc, KeyboardInterrupt):
            raise
        return f"{mode.value} {operation.label}: {exc}"
    return None


def test_every_operation_holds_under_the_fuzzer(api_key):
    from schemathesis import GenerationMode

    operations = _operations(api_key)
    headers = {"Authorization": f"Bearer {api_key}"}
    failures = [
        report
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (report := _fuzz(operation, mode, headers)) is not None
    ]
    assert len(operations) > 60
    assert failures == [], "\n\n".join(failures)
