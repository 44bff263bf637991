from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics")

    def ready(self) -> None:
        from logistics import receivers  # noqa: F401 - demo data; waiting events attach to new shipments
        from logistics.selectors.dashboard import attention_tiles
        from portal.dashboard import register_tiles

        register_tiles(order=30, name="logistics.attention", source=attention_tiles)
