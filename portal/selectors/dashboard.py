"""The portal's own dashboard tile: jobs running now."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.dashboard import Tile
from portal.models import JobRun, Seller


def job_tiles(seller: Seller) -> list[Tile]:
    running = JobRun.objects.for_seller(seller).filter(status=JobRun.Status.RUNNING).count()
    return [
        Tile(
            label=_("Jobs running"),
            figure=running,
            url=f"{reverse('jobs')}?status={JobRun.Status.RUNNING}",
            note=_("publishing, forecasts, allocation and imports in progress"),
        )
    ]
