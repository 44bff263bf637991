"""The portal's own endpoints: seller, marketplaces, jobs."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import JobRun

pytestmark = pytest.mark.django_db


def make_jobs(seller, count, **fields):
    now = timezone.now()
    return JobRun.objects.for_seller(seller).bulk_create(
        [
            JobRun(
                seller=seller,
                kind=fields.get("kind", "demo"),
                status=fields.get("status", "queued"),
                created_at=now - timedelta(minutes=i),
            )
            for i in range(count)
        ]
    )


def test_seller_endpoint_shows_the_keys_seller_and_key(make_api_client, seller):
    client, key = make_api_client(seller, scopes=["seller:read"], name="Warehouse ERP")
    body = client.get("/api/v1/seller/").json()
    assert body["slug"] == "acme"
    assert body["name"] == "Acme Trading"
    assert body["home_currency"] == "CNY"
    assert body["stage"] == "quick_start"
    assert body["api_key"]["name"] == "Warehouse ERP"
    assert body["api_key"]["prefix"] == key.prefix
    assert body["api_key"]["scopes"] == ["seller:read"]


def test_seller_endpoint_for_a_signed_in_member(client, owner):
    client.force_login(owner)
    body = client.get("/api/v1/seller/").json()
    assert body["slug"] == "acme"
    assert body["api_key"] is None


def test_marketplaces_are_the_reference_data(api):
    body = api.get("/api/v1/marketplaces/").json()
    assert len(body) == 23
    us = next(m for m in body if m["code"] == "US")
    assert us["currency"] == "USD"
    assert us["region"] == "NA"
    assert [m["code"] for m in body] == sorted(m["code"] for m in body)


def test_marketplaces_filter_by_region_and_currency(api):
    europe = {m["code"] for m in api.get("/api/v1/marketplaces/", {"region": "EU"}).json()}
    assert {"DE", "FR", "UK"} <= europe
    assert "US" not in europe
    euro = api.get("/api/v1/marketplaces/", {"currency": "eur"}).json()
    assert euro
    assert {m["currency"] for m in euro} == {"EUR"}
    both = api.get("/api/v1/marketplaces/", {"region": "EU", "currency": "GBP"}).json()
    assert [m["code"] for m in both] == ["UK"]


def test_marketplaces_bad_filter_names_the_field(api):
    response = api.get("/api/v1/marketplaces/", {"region": "MARS"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["region"]


def test_jobs_list_is_the_sellers_only(api, seller, other_seller):
    ours = make_jobs(seller, 3)
    theirs = make_jobs(other_seller, 2)
    body = api.get("/api/v1/jobs/").json()
    ids = [job["id"] for job in body["results"]]
    assert ids == [job.pk for job in ours]
    assert not {job.pk for job in theirs} & set(ids)


def test_job_detail_and_another_sellers_job_is_404(api, seller, other_seller):
    [ours] = make_jobs(seller, 1)
    [theirs] = make_jobs(other_seller, 1)
    body = api.get(f"/api/v1/jobs/{ours.pk}/").json()
    assert body["id"] == ours.pk
    assert body["status"] == "queued"
    assert body["started_by"] == "schedule"
    response = api.get(f"/api/v1/jobs/{theirs.pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "detail": "No JobRun matches the given query.",
        "fields": {},
    }


def test_jobs_filter_by_status_kind_and_time(api, seller, other_seller):
    make_jobs(seller, 2, status="failed", kind="portal.marketplace_readiness")
    make_jobs(seller, 3, status="succeeded", kind="portal.marketplace_readiness")
    make_jobs(other_seller, 4, status="failed", kind="portal.marketplace_readiness")
    failed = api.get("/api/v1/jobs/", {"status": "failed"}).json()["results"]
    assert len(failed) == 2
    by_kind = api.get("/api/v1/jobs/", {"kind": "portal.marketplace_readiness"}).json()["results"]
    assert len(by_kind) == 5
    recent = api.get("/api/v1/jobs/", {"created_after": (timezone.now() - timedelta(seconds=90)).isoformat()})
    assert len(recent.json()["results"]) == 4  # two of each status within 90 s


def test_jobs_unknown_kind_or_status_is_400_naming_the_field(api):
    response = api.get("/api/v1/jobs/", {"status": "lost", "kind": "nope"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"status", "kind"}


def test_jobs_cursor_pagination_walks_every_run_once(api, seller):
    jobs = make_jobs(seller, 7)
    seen, url, pages = [], "/api/v1/jobs/?page_size=3", 0
    while url:
        body = api.get(url).json()
        assert "count" not in body  # no COUNT(*) on big tables
        seen += [job["id"] for job in body["results"]]
        url, pages = body["next"], pages + 1
    assert seen == [job.pk for job in jobs]
    assert pages == 3


@pytest.mark.parametrize("count", [1, 60])
def test_jobs_list_query_count_is_constant(api, seller, django_assert_num_queries, count):
    make_jobs(seller, count)
    api.get("/api/v1/jobs/")  # marks the key as used: later calls in the minute do not write
    with django_assert_num_queries(2):  # the key, the page
        response = api.get("/api/v1/jobs/")
    assert len(response.json()["results"]) == min(count, 50)


def test_marketplaces_and_seller_query_counts(api, django_assert_num_queries):
    api.get("/api/v1/seller/")
    with django_assert_num_queries(1):  # the key with its seller
        api.get("/api/v1/seller/")
    with django_assert_num_queries(2):
        api.get("/api/v1/marketplaces/", {"region": "EU"})


def test_jobs_need_the_jobs_scope(make_api_client, seller):
    client, _ = make_api_client(seller, scopes=["seller:read"])
    response = client.get("/api/v1/jobs/")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "jobs:read" in response.json()["detail"]


def test_api_keys_cannot_write_where_no_scope_is_named(make_api_client, seller):
    from portal.api.scopes import API_SCOPES

    client, _ = make_api_client(seller, scopes=list(API_SCOPES))
    response = client.post("/api/v1/seller/", {}, format="json")
    # The seller endpoint names a read scope only: even an all-scopes key cannot write.
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "POST" in response.json()["detail"]


def test_lowercase_bearer_scheme_is_accepted(seller):
    from portal.services.api_keys import create_api_key

    _, raw = create_api_key(seller=seller, name="lower", scopes=["seller:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"bearer {raw}")
    assert client.get("/api/v1/seller/").status_code == 200


def test_unknown_path_under_the_api_is_a_json_404(api):
    response = api.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
