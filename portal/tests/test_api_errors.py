"""Every API error answers `{"code", "detail", "fields"}` with a stable code."""

import logging

import pytest
from django.test import Client
from rest_framework.test import APIClient

from portal.api.errors import flatten_errors
from portal.models import JobRun
from portal.services.api_keys import create_api_key, revoke_api_key

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portal.tests.api_urls")]

BATCHES = "/api/v1/batches/"


def assert_error(response, status, code, fields=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert isinstance(body["detail"], str)
    assert body["detail"]
    if fields is not None:
        assert body["fields"] == fields
    return body


def test_nested_list_errors_are_dotted_paths(api, seller):
    response = api.post(
        BATCHES,
        {"kind": "import", "items": [{"sku": "A", "quantity": 1}, {"sku": "B", "quantity": 2}, {"sku": "C"}]},
    )
    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {"items.2.quantity": ["This field is required."]}
    assert body["detail"] == "items.2.quantity: This field is required."
    assert not JobRun.objects.for_seller(seller).exists()


def test_several_field_errors_are_all_reported(api):
    response = api.post(BATCHES, {"items": [{"sku": "X" * 30, "quantity": 0}]})
    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {
        "kind": ["This field is required."],
        "items.0.sku": ["Ensure this field has no more than 20 characters."],
        "items.0.quantity": ["Ensure this value is greater than or equal to 1."],
    }
    assert body["detail"].endswith("(and 2 more)")


def test_non_field_errors_have_their_own_key(api):
    response = api.post(BATCHES, {"kind": "forbidden"})
    assert_error(response, 400, "invalid", {"non_field_errors": ["This kind of batch cannot be started."]})


def test_malformed_json_is_a_parse_error(api):
    response = api.post(BATCHES, data="{not json", content_type="application/json")
    assert_error(response, 400, "parse_error", {})


def test_unsupported_media_type(api):
    response = api.post(BATCHES, data="kind=x", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type", {})


def test_domain_errors_keep_their_code_status_and_fields(api, seller):
    assert_error(api.post(BATCHES, {"kind": "conflict"}), 409, "conflict", {})
    body = assert_error(api.post(BATCHES, {"kind": "invalid-domain"}), 400, "invalid")
    assert body["fields"] == {"items.0.sku": ["Unknown SKU 'X'. Use a SKU of your catalogue."]}
    assert not JobRun.objects.for_seller(seller).exists()


def test_model_validation_errors_name_their_fields(api):
    body = assert_error(api.post(BATCHES, {"kind": "model-invalid"}), 400, "invalid")
    assert set(body["fields"]) >= {"code", "name", "currency", "region", "default_locale", "fc_region"}
    assert body["fields"]["currency"] == ["ZZZ is not an ISO 4217 currency code (for example USD, EUR, CNY)."]


def test_django_non_field_validation_error(api):
    assert_error(
        api.get("/api/v1/non-field/"), 400, "invalid", {"non_field_errors": ["The whole request is wrong."]}
    )


def test_no_credentials_is_401_with_bearer_challenge():
    response = APIClient().get(BATCHES)
    assert_error(response, 401, "not_authenticated", {})
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer nggs_0123456789ab.wrong", "Bearer not-a-key", "Bearer", "Bearer a b"],
)
def test_bad_key_is_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(BATCHES)
    assert_error(response, 401, "authentication_failed", {})
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_key_is_401(seller):
    key, raw = create_api_key(seller=seller, name="old", scopes=["jobs:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(BATCHES).status_code == 200
    revoke_api_key(seller=seller, key_id=key.pk)
    assert_error(client.get(BATCHES), 401, "authentication_failed", {})


def test_missing_scope_is_403_naming_it(make_api_client, seller):
    client, _ = make_api_client(seller, scopes=["jobs:read"])
    body = assert_error(client.post(BATCHES, {"kind": "x"}), 403, "insufficient_scope", {})
    assert "listings:write" in body["detail"]
    assert not JobRun.objects.for_seller(seller).exists()


def test_another_sellers_object_is_404(api, other_seller):
    theirs = JobRun.objects.for_seller(other_seller).create(seller=other_seller, kind="theirs")
    assert_error(api.get(f"{BATCHES}{theirs.pk}/"), 404, "not_found", {})


def test_unknown_api_path_is_404_json():
    # No credentials needed to learn that nothing is there; the body is the API's.
    assert_error(Client().get("/api/v1/no-such-thing/"), 404, "not_found", {})


def test_method_not_allowed(api):
    response = api.delete(BATCHES)
    body = assert_error(response, 405, "method_not_allowed", {})
    assert "DELETE" in body["detail"]


def test_throttled_is_429_with_retry_after(api, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "3/hour"}}
    for _ in range(3):
        assert api.get(BATCHES).status_code == 200
    response = api.get(BATCHES)
    assert_error(response, 429, "throttled", {})
    assert 0 < int(response["Retry-After"]) <= 3600


def test_throttle_counts_each_key_apart(make_api_client, seller, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "1/hour"}}
    first, _ = make_api_client(seller, name="one")
    second, _ = make_api_client(seller, name="two")
    assert first.get(BATCHES).status_code == 200
    assert first.get(BATCHES).status_code == 429
    assert second.get(BATCHES).status_code == 200


def test_unexpected_exception_is_500_logged_without_traceback(api, seller, caplog):
    with caplog.at_level(logging.ERROR, logger="portal.api"):
        response = api.post(BATCHES, {"kind": "crash"})
    body = assert_error(response, 500, "server_error", {})
    assert "secret" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "RuntimeError" not in body["detail"]
    [record] = [r for r in caplog.records if r.name == "portal.api"]
    assert record.exc_info[0] is RuntimeError
    assert not JobRun.objects.for_seller(seller).exists()


def test_500_outside_drf_views_is_json_under_api():
    client = Client(raise_request_exception=False)
    assert_error(client.get("/api/v1/plain-crash/"), 500, "server_error", {})


def test_500_on_pages_renders_the_page():
    client = Client(raise_request_exception=False)
    response = client.get("/plain-crash/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_flatten_errors_shapes():
    assert flatten_errors({"a": {"b": ["x"]}, "__all__": ["whole"]}) == {
        "a.b": ["x"],
        "non_field_errors": ["whole"],
    }
    assert flatten_errors([{}, {"q": ["bad"]}], "items") == {"items.1.q": ["bad"]}
    assert flatten_errors(["one", "two"]) == {"non_field_errors": ["one", "two"]}
    assert flatten_errors("alone") == {"non_field_errors": ["alone"]}
    assert flatten_errors({"tags": [["nested list"], "flat"]}) == {
        "tags.0": ["nested list"],
        "tags": ["flat"],
    }


def test_signed_in_viewer_can_read_but_not_write(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))
    assert client.get(BATCHES).status_code == 200
    response = client.post(BATCHES, {"kind": "x"}, content_type="application/json")
    assert_error(response, 403, "permission_denied", {})
    assert not JobRun.objects.for_seller(seller).exists()
