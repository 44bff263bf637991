"""A finished publish job's page shows its own result: listings by state, with the way to the
blocked ones — never the marketplace-readiness table or raw summary keys."""

import pytest
from django.urls import reverse

from listings.services.publishing import KIND as PUBLISH
from portal.models import JobRun

pytestmark = pytest.mark.django_db

SUMMARY = {
    "marketplaces": ["DE", "FR", "US"],
    "products": 23,
    "created": 60,
    "updated": 9,
    "unchanged": 0,
    "states": {"blocked": 34, "live": 35},
}


@pytest.fixture
def publish_job(seller):
    return JobRun.objects.for_seller(seller).create(
        seller=seller, kind=PUBLISH, status=JobRun.Status.SUCCEEDED, summary=SUMMARY
    )


def test_publish_job_shows_counts_by_state_and_links_to_the_blocked(owner_client, publish_job):
    body = owner_client.get(reverse("job_detail", args=[publish_job.pk])).content.decode()

    assert "69 listings for 23 products in 3 marketplaces" in body
    assert "34 listings are blocked" in body
    assert f'href="{reverse("listings:compliance")}"' in body
    assert f'href="{reverse("listings:matrix")}?state=blocked"' in body
    assert 'class="badge badge-bad badge-state-blocked"' in body
    assert 'class="badge badge-good badge-state-live"' in body
    assert "marketplaces ready" not in body
    assert "<dt>states</dt>" not in body


def test_publish_job_result_reads_in_chinese(owner_client, publish_job):
    owner_client.cookies["django_language"] = "zh-hans"

    body = owner_client.get(reverse("job_detail", args=[publish_job.pk])).content.decode()

    assert "3 个市场中 23 个商品的 69 个刊登" in body
    assert "已阻止" in body
    assert "34 个刊登被阻止" in body


def test_a_job_without_its_own_result_lists_its_figures_by_name(owner_client, seller):
    job = JobRun.objects.for_seller(seller).create(
        seller=seller,
        kind="listings.reprice",
        status=JobRun.Status.SUCCEEDED,
        summary={"checked": 4499, "repriced": 12, "below_threshold": 3},
    )

    body = owner_client.get(reverse("job_detail", args=[job.pk])).content.decode()

    assert "<dt>Checked</dt>" in body
    assert "<dd>4,499</dd>" in body
    assert "<dt>Change below the threshold</dt>" in body
    assert "below_threshold" not in body
