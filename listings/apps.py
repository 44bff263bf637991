from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"

    def ready(self) -> None:
        from listings import receivers  # noqa: F401 - connects the demo data receiver
