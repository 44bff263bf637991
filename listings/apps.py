from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "listings"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from listings import receivers  # noqa: F401 - connects the demo data receiver
        from listings.selectors.dashboard import blocked_tiles
        from portal.dashboard import register_tiles

        register_tiles(order=20, name="listings.blocked", source=blocked_tiles)

        # Deliberately, not Pillow's default (89 megapixels, and only a warning up to twice
        # that): no image the portal reads is decoded beyond the catalogue's own limit.
        Image.MAX_IMAGE_PIXELS = settings.PRODUCT_IMAGE_MAX_PIXELS
