"""The jobs pages: the list, one run with its polled progress, and the demo job button."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import JobRun
from portal.services.marketplace_readiness import KIND as READINESS
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_job(seller, **fields):
    fields.setdefault("kind", READINESS)
    return JobRun.objects.for_seller(seller).create(seller=seller, **fields)


@pytest.fixture
def viewer_client(client, seller, make_member):
    client.force_login(make_member(seller, "viewer"))
    return client


def test_list_shows_the_sellers_runs_with_progress_and_who_started_them(owner_client, owner, seller):
    now = timezone.now()
    make_job(
        seller,
        status="succeeded",
        progress_done=23,
        progress_total=23,
        started_by=owner,
        started_at=now - timedelta(seconds=6),
        finished_at=now,
    )
    make_job(seller, status="running", progress_done=10, progress_total=40, started_at=now)

    response = owner_client.get(reverse("jobs"))

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<tr>") == 3  # header and two runs
    assert "Marketplace readiness check" in body
    assert '<progress max="100" value="100">' in body
    assert '<progress max="100" value="25">' in body
    assert "10/40" in body
    assert owner.get_username() in body
    assert "6.0 s" in body
    assert "Run demo job" in body
    # A run is unfinished: the table refreshes itself, keeping the page it shows.
    assert 'hx-get="/jobs/?page=1" hx-trigger="every 2s"' in body


def test_list_filters_by_status_and_kind(owner_client, seller):
    done = make_job(seller, status="succeeded")
    failed = make_job(seller, status="failed", error="boom")
    other_kind = make_job(seller, kind="listings.publish", status="failed")

    body = owner_client.get(reverse("jobs"), {"status": "failed", "kind": READINESS}).content.decode()

    assert f'href="/jobs/{failed.pk}/"' in body
    assert f'href="/jobs/{done.pk}/"' not in body
    assert f'href="/jobs/{other_kind.pk}/"' not in body


def test_list_is_paginated_and_its_htmx_request_gets_only_the_table(owner_client, seller):
    JobRun.objects.for_seller(seller).bulk_create(
        [JobRun(seller=seller, kind=READINESS, status="succeeded") for _ in range(30)]
    )

    first = owner_client.get(reverse("jobs")).content.decode()
    second = owner_client.get(reverse("jobs"), {"page": 2}, headers={"HX-Request": "true"})

    assert first.count("<tr>") == 26
    assert "Page 1 of 2" in first
    body = second.content.decode()
    assert body.lstrip().startswith('<section id="job-table"')
    assert "hx-trigger" not in body  # every run on the page has finished
    assert "<html" not in body
    assert body.count("<tr>") == 6


def test_list_query_count_does_not_grow_with_the_runs(owner_client, owner, seller, django_assert_num_queries):
    JobRun.objects.for_seller(seller).bulk_create(
        [JobRun(seller=seller, kind=READINESS, started_by=owner) for _ in range(20)]
    )
    # session, user, membership+seller, count, page of runs with their starters
    with django_assert_num_queries(5):
        response = owner_client.get(reverse("jobs"))
    assert response.status_code == 200


def test_list_never_shows_another_sellers_runs(owner_client, other_seller):
    theirs = make_job(other_seller, status="failed", error="their secret error")

    body = owner_client.get(reverse("jobs")).content.decode()

    assert f"/jobs/{theirs.pk}/" not in body
    assert "No jobs yet." in body


def test_owner_starts_the_demo_job_and_lands_on_its_page(
    owner_client, owner, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = owner_client.post(reverse("job_start_demo"))

    job = JobRun.objects.for_seller(seller).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.kind, job.status, job.progress_total, job.started_by) == (READINESS, "queued", 23, owner)
    assert len(callbacks) == 1  # the task is queued once the request's transaction commits


def test_viewer_cannot_start_a_job_and_does_not_see_the_button(viewer_client, seller):
    response = viewer_client.post(reverse("job_start_demo"))

    assert response.status_code == 403
    assert not JobRun.objects.for_seller(seller).exists()
    assert "Run demo job" not in viewer_client.get(reverse("jobs")).content.decode()


def test_demo_job_start_refuses_get(owner_client, seller):
    assert owner_client.get(reverse("job_start_demo")).status_code == 405
    assert not JobRun.objects.for_seller(seller).exists()


def test_progress_partial_polls_while_the_run_is_unfinished(owner_client, seller, django_assert_num_queries):
    job = make_job(seller, status="running", progress_done=5, progress_total=23, started_at=timezone.now())

    # session, user, membership+seller, the run
    with django_assert_num_queries(4):
        response = owner_client.get(reverse("job_progress", args=[job.pk]), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="job-progress"')
    assert f'hx-get="/jobs/{job.pk}/progress/"' in body
    assert 'hx-trigger="every 1s"' in body
    assert '<progress max="100" value="21"' in body
    assert "5 of 23 done" in body


def test_progress_partial_stops_polling_and_shows_the_summary_when_done(owner_client, seller):
    summary = {
        "checked": 1,
        "ready": 1,
        "marketplaces": [
            {
                "marketplace": "JP",
                "currency": "JPY",
                "vat_rate": "0.1000",
                "ready": True,
                "problems": [],
                "samples": [
                    {"locale": "ja_JP", "language_tag": "ja-JP", "amount": "1358", "formatted": "￥1,358"}
                ],
            }
        ],
    }
    job = make_job(seller, status="succeeded", progress_done=1, progress_total=1, summary=summary)

    body = owner_client.get(reverse("job_progress", args=[job.pk])).content.decode()

    assert "hx-get" not in body
    assert "hx-trigger" not in body
    assert "1 of 1 marketplaces ready" in body
    assert '<span class="sample" lang="ja-JP">￥1,358</span>' in body


def test_summary_explains_each_problem(owner_client, seller):
    summary = {
        "checked": 1,
        "ready": 0,
        "marketplaces": [
            {
                "marketplace": "JP",
                "currency": "EUR",
                "vat_rate": "0.1000",
                "ready": False,
                "problems": [{"field": "currency", "value": "EUR", "code": "not_used_in_country"}],
                "samples": [],
            }
        ],
    }
    job = make_job(seller, status="succeeded", progress_done=1, progress_total=1, summary=summary)

    body = owner_client.get(reverse("job_progress", args=[job.pk])).content.decode()

    assert "0 of 1 marketplaces ready" in body
    assert "currency “EUR” is not a legal tender of the marketplace&#x27;s country" in body


def test_progress_partial_shows_the_error_of_a_failed_run(owner_client, seller):
    job = make_job(
        seller, status="failed", error="OperationalError: database is locked (gave up after 6 attempts)"
    )

    body = owner_client.get(reverse("job_progress", args=[job.pk])).content.decode()

    assert "hx-trigger" not in body
    assert "The job failed" in body
    assert "database is locked (gave up after 6 attempts)" in body


def test_detail_page_embeds_the_polled_partial(owner_client, seller, django_assert_num_queries):
    job = make_job(seller, status="queued")

    # session, user, membership+seller, the run with its starter
    with django_assert_num_queries(4):
        body = owner_client.get(reverse("job_detail", args=[job.pk])).content.decode()

    assert "<html" in body
    assert 'hx-trigger="every 1s"' in body
    assert "Marketplace readiness check" in body


@pytest.mark.parametrize("name", ["job_detail", "job_progress"])
def test_another_sellers_run_answers_404(owner_client, other_seller, name):
    theirs = make_job(other_seller, status="failed", error="their secret error")

    response = owner_client.get(reverse(name, args=[theirs.pk]))

    assert response.status_code == 404
    assert "their secret error" not in response.content.decode()


def test_user_without_a_seller_is_refused(client):
    client.force_login(UserFactory())

    assert client.get(reverse("jobs")).status_code == 403
    assert client.post(reverse("job_start_demo")).status_code == 403
