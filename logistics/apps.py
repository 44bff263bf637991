from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "logistics"

    def ready(self):
        from logistics import tracking_receivers  # noqa: F401 - connects the receivers
