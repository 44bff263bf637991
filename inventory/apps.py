from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from inventory import receivers  # noqa: F401 - connects delivery and demo data receivers
        from inventory.selectors.dashboard import cover_chart, order_tiles, sales_by_week_chart
        from portal.dashboard import register_chart, register_tiles

        register_tiles(order=40, name="inventory.orders", source=order_tiles)
        register_chart(order=10, name="inventory.sales", source=sales_by_week_chart)
        register_chart(order=20, name="inventory.cover", source=cover_chart)
