from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"

    def ready(self) -> None:
        from listings import receivers  # noqa: F401 - connects the demo data receiver
        from listings.selectors.dashboard import blocked_tiles
        from portal.dashboard import register_tiles

        register_tiles(order=20, name="listings.blocked", source=blocked_tiles)
