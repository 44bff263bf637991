from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "brands"

    def ready(self) -> None:
        from brands import receivers  # noqa: F401 - connects to listings' and the portal's signals
