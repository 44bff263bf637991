from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import receivers  # noqa: F401 - connects the audit receivers
        from portal.dashboard import register_tiles
        from portal.selectors.dashboard import job_tiles

        register_tiles(order=90, name="portal.jobs", source=job_tiles)
