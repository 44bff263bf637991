"""Tables of the listings app, one module per concern."""

from listings.models.catalogue import Product

__all__ = ["Product"]
